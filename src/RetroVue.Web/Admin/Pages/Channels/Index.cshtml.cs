using RetroVue.App.Scheduling;

namespace RetroVue.Web.Admin.Pages.Channels;

public sealed class ChannelsModel(ChannelOverview overview) : AdminPageModel
{
    public IReadOnlyList<ChannelOnAir> Channels { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Channels = await overview.ListAsync(cancellationToken);
}
