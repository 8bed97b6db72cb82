namespace RetroVue.Tests.Support;

/// <summary>
/// Caps for work a test waits on (a CLI run, a server start, a media render). They only stop a hung test from holding
/// the run; they measure nothing, so they are far above what a loaded 2-core machine needs (the demo end-to-end test
/// once missed a 3-minute cap at load 13). Speed is measured by the benchmarks, never by these.
/// </summary>
public static class HangGuard
{
    public static readonly TimeSpan Process = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan ServerStart = TimeSpan.FromMinutes(10);
}
