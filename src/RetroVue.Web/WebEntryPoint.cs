namespace RetroVue.Web;

/// <summary>
/// Names this assembly for WebApplicationFactory in tests: both this project and the CLI have a
/// top-level Program, so "Program" alone is ambiguous there.
/// </summary>
public sealed class WebEntryPoint;
