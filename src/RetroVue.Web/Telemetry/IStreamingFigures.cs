using RetroVue.Adapters.Streaming.Sessions;

namespace RetroVue.Web.Telemetry;

/// <summary>What the streaming meters read at each collection: the channel sessions and the transcode capacity.</summary>
public interface IStreamingFigures
{
    IReadOnlyList<SessionStats> Sessions();

    TranscodeCapacity Capacity();
}

/// <summary>The figures of this server's running channel sessions.</summary>
public sealed class SessionManagerFigures(SessionManager sessions) : IStreamingFigures
{
    public IReadOnlyList<SessionStats> Sessions() => sessions.Sessions();

    public TranscodeCapacity Capacity() => sessions.Capacity();
}
