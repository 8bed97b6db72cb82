using RetroVue.App.Streaming;

namespace RetroVue.Tests.Streaming;

/// <summary>IPTV as a server without the token requirement has it: tuner URLs start right after the host.</summary>
public sealed class OpenIptvTunerPath : ITunerPathPrefix
{
    public Task<string> TunerPathAsync(CancellationToken cancellationToken) => Task.FromResult(string.Empty);
}
