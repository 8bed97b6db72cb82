using System.CommandLine;
using System.Globalization;
using RetroVue.App.Common;
using RetroVue.App.Review;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;
using RetroVue.Domain.Review;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue review ...`: what the machine could not decide.</summary>
public static class ReviewCommands
{
    public static Command Build()
    {
        var review = new Command("review", "The review queue: files RetroVue could not probe or match.");
        review.Subcommands.Add(BuildList());
        review.Subcommands.Add(BuildResolve());
        review.Subcommands.Add(BuildDismiss());
        return review;
    }

    private static Command BuildList()
    {
        var all = new Option<bool>("--all") { Description = "Also show resolved and dismissed items." };
        var list = new Command("list", "List pending review items.") { all, GlobalOptions.Json };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var items = await host.Get<ReviewService>().ListAsync(parseResult.GetValue(all) ? null : ReviewStatus.Pending, cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, items);
                return 0;
            }

            TableOutput.Write(
                output,
                ["ID", "REASON", "STATUS", "FILE", "DETAILS", "SINCE"],
                items.Select(i => (IReadOnlyList<string?>)[i.Id.ToString(), i.Reason, i.Status, i.AssetPath, i.Resolution ?? i.Details, i.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)]),
                "The review queue is empty.");
            return 0;
        });
        return list;
    }

    private static Command BuildResolve()
    {
        var id = new Argument<Guid>("id") { Description = "The review item's id (from 'retrovue review list')." };
        var title = new Option<string?>("--title") { Description = "Link the file to this title (name or id)." };
        var season = new Option<int?>("--season") { Description = "With --title: the season number (0 for specials)." };
        var episode = new Option<int?>("--episode") { Description = "With --title and --season: the episode number." };
        var approve = new Option<bool>("--approve") { Description = "Accept the file as it is." };
        var note = new Option<string?>("--note") { Description = "With --approve: why." };
        var resolve = new Command("resolve", "Settle a review item: link the file to a title/season/episode, or approve it as is.")
        {
            id, title, season, episode, approve, note, GlobalOptions.Json,
        };
        resolve.SetAction(async (parseResult, cancellationToken) =>
        {
            ReviewDecision decision = (parseResult.GetValue(title), parseResult.GetValue(approve)) switch
            {
                ({ } name, false) => new LinkToTitle(name, parseResult.GetValue(season), parseResult.GetValue(episode)),
                (null, true) => new ApproveAsIs(parseResult.GetValue(note)),
                _ => throw new UserFacingException("Give either --title NAME [--season N --episode N] or --approve."),
            };
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var item = await host.Get<ReviewService>().ResolveAsync(parseResult.GetValue(id), decision, cancellationToken);
            await WriteAsync(parseResult, item, $"Resolved {item.Id}: {item.Resolution}.");
            return 0;
        });
        return resolve;
    }

    private static Command BuildDismiss()
    {
        var id = new Argument<Guid>("id") { Description = "The review item's id." };
        var why = new Option<string?>("--why") { Description = "A note on why it is dismissed." };
        var dismiss = new Command("dismiss", "Dismiss a review item: the problem is known and accepted.") { id, why, GlobalOptions.Json };
        dismiss.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var item = await host.Get<ReviewService>().DismissAsync(parseResult.GetValue(id), parseResult.GetValue(why), cancellationToken);
            await WriteAsync(parseResult, item, $"Dismissed {item.Id}.");
            return 0;
        });
        return dismiss;
    }

    private static Task WriteAsync(ParseResult parseResult, ReviewItemView item, string message) =>
        parseResult.GetValue(GlobalOptions.Json)
            ? JsonOutput.WriteAsync(parseResult.InvocationConfiguration.Output, item)
            : parseResult.InvocationConfiguration.Output.WriteLineAsync(message);
}
