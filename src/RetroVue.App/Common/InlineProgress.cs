namespace RetroVue.App.Common;

/// <summary>
/// Reports on the calling thread, in order. Progress&lt;T&gt; posts to the thread pool, so its reports
/// can arrive after the work they describe has finished.
/// </summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
