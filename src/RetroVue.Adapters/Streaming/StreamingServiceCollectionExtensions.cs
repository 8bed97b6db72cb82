using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.Adapters.Media;
using RetroVue.Adapters.Sources;
using RetroVue.Adapters.Streaming.Ffmpeg;
using RetroVue.Adapters.Streaming.Remote;
using RetroVue.Adapters.Streaming.Sessions;
using RetroVue.Adapters.Streaming.Tuner;
using RetroVue.App.Sources;
using RetroVue.App.Streaming;

namespace RetroVue.Adapters.Streaming;

public static class StreamingServiceCollectionExtensions
{
    /// <summary>
    /// The streaming engine and the tuner emulation. The caller registers <see cref="IPlayoutSource"/> and
    /// <see cref="IChannelDirectory"/> (the timelines), and may replace the logging <see cref="IPlaybackFaultSink"/>.
    /// </summary>
    public static IServiceCollection AddRetroVueStreaming(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<FfmpegOptions>(configuration.GetSection(FfmpegOptions.SectionName));
        services.TryAddSingleton<FfmpegTools>();
        services.Configure<StreamingOptions>(configuration.GetSection(StreamingOptions.SectionName));
        services.Configure<TunerOptions>(configuration.GetSection(TunerOptions.SectionName));
        services.AddSingleton<FfmpegChildren>();
        services.AddSingleton<DrawtextProbe>();
        services.Configure<SourceAddressOptions>(configuration.GetSection(SourceAddressOptions.SectionName));
        services.TryAddSingleton<SourceConnectionGuard>();
        services.TryAddSingleton<RemoteMediaClient>();
        services.AddSingleton<RemoteMediaRelay>();
        services.AddSingleton(provider => new FeedOpener(
            provider.GetRequiredService<FfmpegTools>(),
            provider.GetRequiredService<FfmpegChildren>(),
            provider.GetRequiredService<DrawtextProbe>(),
            provider.GetRequiredService<IOptions<StreamingOptions>>().Value,
            provider.GetRequiredService<RemoteMediaRelay>()));
        services.AddSingleton<SessionManager>();
        services.TryAddSingleton<IPlaybackFaultSink, LoggingPlaybackFaultSink>();
        services.AddSingleton(new DeviceIdentity(dataDirectory));
        services.AddSingleton<TunerHttpPort>();
        services.AddSingleton<TunerBaseUrl>();
        services.AddSingleton<SsdpResponder>();
        services.AddHostedService(provider => provider.GetRequiredService<SsdpResponder>());
        services.AddSingleton<SsdpAnnouncer>();
        services.AddHostedService(provider => provider.GetRequiredService<SsdpAnnouncer>());
        services.AddSingleton<HdHomeRunDiscoveryResponder>();
        services.AddHostedService(provider => provider.GetRequiredService<HdHomeRunDiscoveryResponder>());
        return services;
    }
}

/// <summary>Until playback faults are turned into review items, they are at least logged.</summary>
public sealed class LoggingPlaybackFaultSink(ILogger<LoggingPlaybackFaultSink> logger) : IPlaybackFaultSink
{
    public Task ReportAsync(PlaybackFault fault, CancellationToken cancellationToken)
    {
        logger.LogWarning("Asset {AssetId} ({Path}) failed to play on channel {Channel}: {Problem}", fault.AssetId, fault.FilePath, fault.Channel, fault.Problem);
        return Task.CompletedTask;
    }
}
