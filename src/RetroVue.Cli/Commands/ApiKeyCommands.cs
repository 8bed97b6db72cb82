using System.CommandLine;
using System.Globalization;
using RetroVue.App.Security;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue apikey ...`: keys that let scripts call the REST API, as on the admin Settings page.</summary>
public static class ApiKeyCommands
{
    public static Command Build()
    {
        var apikey = new Command("apikey", "Create, list and revoke API keys for the REST API.");
        apikey.Subcommands.Add(BuildCreate());
        apikey.Subcommands.Add(BuildList());
        apikey.Subcommands.Add(BuildRevoke());
        return apikey;
    }

    private static Command BuildCreate()
    {
        var label = new Argument<string>("label") { Description = "What the key is for (1-100 characters), e.g. 'backup-script'." };
        var create = new Command("create", "Create a key and print it once: only its hash is stored.") { label, GlobalOptions.Json };
        create.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var created = await host.Get<ApiKeyService>().CreateAsync(parseResult.GetRequiredValue(label), cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            const string notAgain = "Copy it now: it will not be shown again.";
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                // The warning goes to stderr so that stdout stays one JSON document.
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"{notAgain} The key is in 'secret'.");
                await JsonOutput.WriteAsync(output, created);
                return 0;
            }

            await output.WriteLineAsync($"Created API key '{created.Key.Name}' (id {created.Key.Id}):");
            await output.WriteLineAsync(created.Secret);
            await output.WriteLineAsync($"{notAgain} Scripts send it as 'X-Api-Key: <key>' or 'Authorization: Bearer <key>'.");
            return 0;
        });
        return create;
    }

    private static Command BuildList()
    {
        var list = new Command("list", "List the keys: name, id, created, last used, revoked (never the key itself).") { GlobalOptions.Json };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var keys = await host.Get<ApiKeyService>().ListAsync(cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, keys);
                return 0;
            }

            TableOutput.Write(
                output,
                ["NAME", "ID", "PREFIX", "CREATED", "LAST USED", "REVOKED"],
                keys.Select(k => (IReadOnlyList<string?>)[k.Name, k.Id.ToString(), k.Prefix + "…", When(k.CreatedAt), k.LastUsedAt is { } used ? When(used) : "never", k.RevokedAt is { } revoked ? When(revoked) : "no"]),
                "No API keys yet. Create one with 'retrovue apikey create LABEL'.");
            return 0;
        });
        return list;
    }

    private static Command BuildRevoke()
    {
        var key = new Argument<string>("label-or-id") { Description = "The key's name, or its id when several keys share the name." };
        var revoke = new Command("revoke", "Revoke a key: scripts using it are refused from the next request on.") { key };
        revoke.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var revoked = await host.Get<ApiKeyService>().RevokeByNameOrIdAsync(parseResult.GetRequiredValue(key), cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Revoked API key '{revoked.Name}' (id {revoked.Id}); requests with it are refused from now on.");
            return 0;
        });
        return revoke;
    }

    private static string When(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
