using RetroVue.App.Common;

namespace RetroVue.Adapters.Plex;

/// <summary>A Plex request failed; the message names the server and request, never the token.</summary>
public abstract class PlexException(string message, Exception? inner = null)
    : UserFacingException(SecretRedactor.Redact(message), inner);

/// <summary>Plex refused the token (401) or its permissions (403). Never retried: retrying cannot help and may lock the account.</summary>
public sealed class PlexAuthenticationException(string message) : PlexException(message);

/// <summary>Plex could not be reached, timed out or kept failing with server errors after the allowed retries.</summary>
public sealed class PlexUnavailableException(string message, Exception? inner = null) : PlexException(message, inner);

/// <summary>Plex answered something RetroVue cannot trust: malformed JSON, an unexpected status, an inconsistent listing.</summary>
public sealed class PlexProtocolException(string message, Exception? inner = null) : PlexException(message, inner);

/// <summary>Raised inside one attempt for a failure worth retrying (5xx, 408, 429); never leaves the client.</summary>
internal sealed class PlexTransientException(string message) : Exception(message);
