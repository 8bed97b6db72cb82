namespace RetroVue.App.Streaming;

/// <summary>
/// The tuner path of a host whose IPTV endpoints need no token (the in-memory hosts of benchmarks and tests): tuner
/// URLs start right after the host. The server uses <see cref="Security.IptvAccess"/>, which decides per request.
/// </summary>
public sealed class OpenTunerPath : ITunerPathPrefix
{
    public Task<string> TunerPathAsync(CancellationToken cancellationToken) => Task.FromResult(string.Empty);
}
