using RetroVue.Domain.Common;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Streaming;

/// <summary>A playable file as the in-memory source knows it; <see cref="Remote"/> is where to read it when the path cannot be opened.</summary>
public sealed record PlayoutAsset(Guid Id, string FilePath, IReadOnlyList<MediaStream> Streams, RemoteMedia? Remote = null);

/// <summary>
/// Channels and timelines held in memory (tests, benchmarks, demos): entries are looked up with
/// <see cref="TimelineIndex"/>, assets by id. Also serves as the lineup for the tuner endpoints.
/// </summary>
public sealed class InMemoryPlayoutSource : IPlayoutSource, IChannelDirectory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ChannelNumber, (PlayoutChannel Channel, TimelineIndex Index)> _channels = [];
    private readonly Dictionary<Guid, PlayoutAsset> _assets = [];

    public void AddAsset(PlayoutAsset asset)
    {
        lock (_gate)
        {
            _assets[asset.Id] = asset;
        }
    }

    /// <summary>Adds or replaces a channel and its timeline (which must be gapless, see <see cref="TimelineChecks"/>).</summary>
    public void SetChannel(PlayoutChannel channel, IReadOnlyList<TimelineEntry> timeline)
    {
        var index = new TimelineIndex(timeline);
        lock (_gate)
        {
            _channels[channel.Number] = (channel, index);
        }
    }

    public Task<PlayoutChannel?> FindChannelAsync(ChannelNumber number, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_channels.TryGetValue(number, out var found) ? found.Channel : null);
        }
    }

    public Task<PlayoutWindow?> AtAsync(ChannelNumber number, DateTimeOffset instant, int following, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_channels.TryGetValue(number, out var found) || found.Index.At(instant) is not { } now)
            {
                return Task.FromResult<PlayoutWindow?>(null);
            }

            var next = found.Index.Following(now.Index, following).Select(Resolve).ToList();
            return Task.FromResult<PlayoutWindow?>(new PlayoutWindow(found.Channel, Resolve(now.Entry), now.Offset, next));
        }
    }

    public Task<IReadOnlyList<LineupChannel>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<LineupChannel> lineup = _channels.Values
                .Select(c => new LineupChannel(c.Channel.Number, c.Channel.Name))
                .OrderBy(c => c.Number)
                .ToList();
            return Task.FromResult(lineup);
        }
    }

    private PlayoutItem Resolve(TimelineEntry entry)
    {
        PlayoutAsset? asset = null;
        if (entry.AssetId is { } id && !_assets.TryGetValue(id, out asset))
        {
            throw new DomainException($"The timeline refers to asset {id}, which the in-memory source does not know.");
        }

        return new PlayoutItem
        {
            AssetId = entry.AssetId,
            FilePath = asset?.FilePath,
            Streams = asset?.Streams ?? [],
            Remote = asset?.Remote,
            InPoint = entry.InPoint,
            Start = entry.Start,
            End = entry.End,
            Title = entry.Programme.Title,
        };
    }
}
