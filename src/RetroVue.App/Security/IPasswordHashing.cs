namespace RetroVue.App.Security;

public enum PasswordCheck
{
    Failed = 0,
    Succeeded = 1,

    /// <summary>Right password, but hashed with weaker parameters than today's: store a fresh hash.</summary>
    SucceededRehashNeeded = 2,
}

/// <summary>Slow, salted password hashing. Implemented by the web host with the framework's PBKDF2 hasher.</summary>
public interface IPasswordHashing
{
    string Hash(string password);

    PasswordCheck Verify(string hash, string password);
}
