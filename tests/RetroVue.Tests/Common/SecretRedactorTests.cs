using RetroVue.Adapters.Persistence;
using RetroVue.App.Common;

namespace RetroVue.Tests.Common;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("Host=db;Username=rv;Password=hunter2;Database=x", "hunter2")]
    [InlineData("GET http://plex:32400/library/sections?X-Plex-Token=abcDEF123xyz", "abcDEF123xyz")]
    [InlineData("header X-Plex-Token: s3cr3tT0ken", "s3cr3tT0ken")]
    [InlineData("token=\"quoted secret\" rest", "quoted secret")]
    [InlineData("api_key=k-123456 and more", "k-123456")]
    public void Secrets_in_key_value_form_are_masked(string text, string secret)
    {
        var redacted = SecretRedactor.Redact(text);
        Assert.DoesNotContain(secret, redacted);
        Assert.Contains(SecretRedactor.Mask, redacted);
    }

    [Fact]
    public void A_registered_secret_is_masked_wherever_it_appears()
    {
        var secret = "zq" + Guid.NewGuid().ToString("N");
        SecretRedactor.Register(secret);
        Assert.Equal($"failed: {SecretRedactor.Mask} was rejected", SecretRedactor.Redact($"failed: {secret} was rejected"));
    }

    [Fact]
    public void Ordinary_text_is_left_alone()
    {
        const string text = "Scanned 42 files in /media/tv (Show - S01E02 - Tokens of Love.mkv)";
        Assert.Equal(text, SecretRedactor.Redact(text));
    }

    [Fact]
    public void Connection_strings_shown_to_people_have_their_password_masked()
    {
        var shown = DatabaseSettings.Redact("Host=db.example;Username=retrovue;Password=p@ss;Database=retrovue");
        Assert.DoesNotContain("p@ss", shown);
        Assert.Contains("db.example", shown);
    }
}
