using Hangfire;
using Microsoft.Extensions.Logging;
using RetroVue.App.Scheduling;

namespace RetroVue.Adapters.Scheduling;

/// <summary>Extends every enabled channel's timeline to the horizon, and rebuilds the future of channels whose schedule changed.</summary>
public sealed class TimelineExtensionJob(PlayoutService playout, ILogger<TimelineExtensionJob> logger)
{
    public const string Group = "retrovue";
    public const string Name = "extend-timelines";

    /// <summary>The recurring job's id in the store.</summary>
    public const string RecurringJobId = $"{Group}:{Name}";

    /// <summary>One node extends at a time; a run that waited this long for another gives up and is retried later.</summary>
    [DisableConcurrentExecution("retrovue:extend-timelines", 10 * 60)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var results = await playout.BuildAsync(new PlayoutRequest(), cancellationToken);
        var failed = results.Count(r => r.Action == PlayoutAction.Failed);
        logger.LogInformation(
            "Timelines extended: {Built} built, {Extended} extended, {Rebuilt} rebuilt, {UpToDate} up to date, {Failed} failed",
            results.Count(r => r.Action == PlayoutAction.Built),
            results.Count(r => r.Action == PlayoutAction.Extended),
            results.Count(r => r.Action == PlayoutAction.Rebuilt),
            results.Count(r => r.Action == PlayoutAction.UpToDate),
            failed);
    }
}
