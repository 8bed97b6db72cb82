namespace RetroVue.App.Common;

/// <summary>An error whose message is written for the operator: the CLI prints it as one line, the API as a problem.</summary>
public class UserFacingException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The thing named does not exist.</summary>
public sealed class NotFoundException(string message) : UserFacingException(message);

/// <summary>The request conflicts with the current state (a name taken, an ingest already running).</summary>
public sealed class ConflictException(string message) : UserFacingException(message);
