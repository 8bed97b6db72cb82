using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.Options;
using RazorLight;
using RazorLight.Razor;
using RetroVue.App.Guide;
using RetroVue.App.Guide.Templates;
using PageContext = RazorLight.PageContext;

namespace RetroVue.Adapters.Guide;

/// <summary>
/// Guide templates on RazorLight: each distinct template (by the SHA-256 of its text) is compiled once, on its first
/// render, and later renders only create a page and run it. Output is capped and each render has a time budget;
/// HTML encoding is off because the XMLTV writer escapes the text (exactly once).
/// </summary>
public sealed class RazorGuideTemplateEngine : IGuideTemplateEngine
{
    /// <summary>A compiled template stays loaded for the life of the process; this many distinct ones is far past any real lineup.</summary>
    public const int MaxCompiledTemplates = 512;

    private readonly ConcurrentDictionary<string, Lazy<Task<Func<GuideTemplatePage>>>> _compiled = new(StringComparer.Ordinal);
    private readonly GeneratedSources _sources = new();
    private readonly RazorLightEngine _razor;
    private readonly TimeProvider _clock;
    private readonly IOptions<GuideOptions> _options;

    public RazorGuideTemplateEngine(TimeProvider clock, IOptions<GuideOptions> options)
    {
        _clock = clock;
        _options = options;
        _razor = new RazorLightEngineBuilder()
            .UseProject(_sources)
            // RazorLight takes compile references from its operating assembly's deps.json, which a test or a host
            // without PreserveCompilationContext lacks or holds empty. RazorLight's own assembly has none, so it
            // walks the loaded assemblies it references instead; the model's and the page's are added here.
            .SetOperatingAssembly(typeof(RazorLightEngine).Assembly)
            .AddMetadataReferences(
                MetadataReference.CreateFromFile(typeof(GuideTemplateModel).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(GuideTemplatePage).Assembly.Location))
            .DisableEncoding()
            .Build();
    }

    /// <summary>How many distinct templates have been compiled (or are compiling).</summary>
    public int CompiledCount => _compiled.Count;

    public async ValueTask<string> RenderAsync(GuideTemplate template, GuideTemplateModel model, CancellationToken cancellationToken)
    {
        var create = await CompiledAsync(template).WaitAsync(cancellationToken);
        var page = create();
        var options = _options.Value;
        page.Clock = _clock;
        page.Deadline = _clock.GetTimestamp() + (long)(options.TemplateRenderTimeout.TotalSeconds * _clock.TimestampFrequency);
        await using var writer = new CappedWriter(options.TemplateMaxOutput);

        // The generated page has no layout, sections or tag helpers, so it runs straight into the capped writer
        // (RazorLight's renderer would add a buffered view scope per call, most of a render's cost).
        page.PageContext = new PageContext { Writer = writer };
        page.DisableEncoding = true;
        page.Model = model;
        await page.ExecuteAsync();
        return writer.ToString();
    }

    private Task<Func<GuideTemplatePage>> CompiledAsync(GuideTemplate template)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template.Source)));
        if (!_compiled.ContainsKey(key) && _compiled.Count >= MaxCompiledTemplates)
        {
            throw new GuideTemplateLimitException($"was not compiled: this process already holds {MaxCompiledTemplates} distinct compiled templates (restart to clear them)");
        }

        return _compiled.GetOrAdd(key, k => new Lazy<Task<Func<GuideTemplatePage>>>(() => CompileAsync(k, template))).Value;
    }

    private async Task<Func<GuideTemplatePage>> CompileAsync(string key, GuideTemplate template)
    {
        _sources.Add(key, GuideTemplateCode.Razor(template));
        try
        {
            var page = await _razor.CompileTemplateAsync(key);

            // A new page per render, without RazorLight's cache or reflection on every call.
            var type = page.GetType();
            return Expression.Lambda<Func<GuideTemplatePage>>(Expression.Convert(Expression.New(type), typeof(GuideTemplatePage))).Compile();
        }
        finally
        {
            _sources.Remove(key);
        }
    }

    /// <summary>The Razor sources RazorLight asks for by key while they compile; nothing is read from disk.</summary>
    private sealed class GeneratedSources : RazorLightProject
    {
        private readonly ConcurrentDictionary<string, string> _sources = new(StringComparer.Ordinal);

        public void Add(string key, string source) => _sources[key] = source;

        public void Remove(string key) => _sources.TryRemove(key, out _);

        public override Task<RazorLightProjectItem> GetItemAsync(string templateKey) =>
            Task.FromResult<RazorLightProjectItem>(new TextSourceRazorProjectItem(templateKey, _sources.TryGetValue(templateKey, out var source) ? source : string.Empty));

        public override Task<IEnumerable<RazorLightProjectItem>> GetImportsAsync(string templateKey) =>
            Task.FromResult(Enumerable.Empty<RazorLightProjectItem>());
    }

    /// <summary>Collects a render's text and stops it once it runs past the limit, so a template cannot fill memory.</summary>
    private sealed class CappedWriter(int limit) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        public override void Write(char value)
        {
            Room(1);
            base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Room(count);
            base.Write(buffer, index, count);
        }

        public override void Write(string? value)
        {
            Room(value?.Length ?? 0);
            base.Write(value);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Room(buffer.Length);
            base.Write(buffer);
        }

        public override Task WriteAsync(char value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(string? value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(char[] buffer, int index, int count)
        {
            Write(buffer, index, count);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return Task.CompletedTask;
        }

        private void Room(int count)
        {
            if (GetStringBuilder().Length + count > limit)
            {
                throw new GuideTemplateLimitException($"wrote more than {limit:N0} characters");
            }
        }
    }
}
