// Appended to Hangfire's dashboard script bundle (/admin/jobs). Chart.js would add its few CSS rules as an inline
// <style> element, which the admin's Content-Security-Policy (style-src 'self') refuses; Hangfire already links the
// same rules as a stylesheet, so the injection is switched off instead of loosening the policy.
if (window.Chart && window.Chart.platform) {
    window.Chart.platform.disableCSSInjection = true;
}
