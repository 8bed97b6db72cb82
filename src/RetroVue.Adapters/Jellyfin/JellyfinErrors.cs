using RetroVue.App.Common;

namespace RetroVue.Adapters.Jellyfin;

/// <summary>A Jellyfin or Emby request failed. Messages are one line, name the server and never hold the API key.</summary>
public abstract class JellyfinException(string message, Exception? inner = null)
    : UserFacingException(SecretRedactor.Redact(message), inner);

/// <summary>The server refused the API key (401) or its permissions (403). Never retried.</summary>
public sealed class JellyfinAuthenticationException(string message) : JellyfinException(message);

/// <summary>The server could not be reached, timed out or kept failing after the allowed retries.</summary>
public sealed class JellyfinUnavailableException(string message, Exception? inner = null) : JellyfinException(message, inner);

/// <summary>The server answered something RetroVue cannot trust: not JSON, not a Jellyfin/Emby server, an inconsistent listing.</summary>
public sealed class JellyfinProtocolException(string message, Exception? inner = null) : JellyfinException(message, inner);

/// <summary>The server has no such resource (404): an endpoint its version lacks, or an item it no longer has.</summary>
public sealed class JellyfinNotFoundException(string message) : JellyfinException(message);

/// <summary>A failure worth retrying (5xx, 408, 429) inside one attempt; never leaves the client.</summary>
internal sealed class JellyfinTransientException(string message) : Exception(message);
