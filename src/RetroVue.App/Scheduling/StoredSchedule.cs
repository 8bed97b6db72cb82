using RetroVue.App.Common;
using RetroVue.App.Scheduling.Yaml;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Scheduling;

public static class StoredSchedule
{
    /// <summary>
    /// The schedule of an applied document. It was validated when applied; the catalog is not consulted here, so
    /// a series that has since left the catalog makes an empty pool (a slate) rather than an error.
    /// </summary>
    public static ChannelSchedule Parse(Channel channel, ChannelPlayout playout)
    {
        var (channels, errors) = ScheduleYamlReader.Read(new ScheduleSource(playout.ScheduleFile, playout.ScheduleYaml));
        if (errors.Count > 0 || channels.Count != 1)
        {
            throw new UserFacingException(
                $"The stored schedule of channel {channel.Number} no longer reads ({string.Join("; ", errors)}); apply its file again with 'retrovue channel apply'.");
        }

        return channels[0].Schedule;
    }
}
