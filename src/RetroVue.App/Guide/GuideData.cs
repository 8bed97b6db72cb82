using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Guide;

/// <summary>A channel and its guide programmes for one window of time.</summary>
public sealed record GuideChannel(Channel Channel, IReadOnlyList<GuideListingItem> Programmes);

/// <summary>Everything one XMLTV document holds.</summary>
public sealed record GuideData(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<GuideChannel> Channels, string PlaceholderTitle);
