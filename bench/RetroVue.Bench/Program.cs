using RetroVue.Bench;
using RetroVue.Bench.Admin;
using RetroVue.Bench.Collections;
using RetroVue.Bench.Guide;
using RetroVue.Bench.Ingest;
using RetroVue.Bench.Plex;
using RetroVue.Bench.Scheduling;
using RetroVue.Bench.Streaming;

// Benchmarks whose figures go into docs/benchmarks.md (each section names its command).
// Usage: dotnet run -c Release --project bench/RetroVue.Bench -- ingest [--files N] | plex [--shows 200] [--episodes 50]
//        | schedule [--channels N] | guide-templates [--runs 10] | admin [--assets N] | collections [--items 50000] | streaming [--only tune|remote|join|fanout|density|soak|drift] [--soak-minutes M]
var scenario = args.FirstOrDefault() ?? "ingest";
var files = BenchArguments.IntOption(args, "--files", 1000);
return scenario switch
{
    "ingest" => await IngestBenchmark.RunAsync(files, CancellationToken.None),
    "plex" => await PlexSyncBenchmark.RunAsync(BenchArguments.IntOption(args, "--shows", 200), BenchArguments.IntOption(args, "--episodes", 50), CancellationToken.None),
    "schedule" => await ScheduleBenchmark.RunAsync(BenchArguments.IntOption(args, "--channels", 100), CancellationToken.None),
    "guide-templates" => await GuideTemplateBenchmark.RunAsync(BenchArguments.IntOption(args, "--runs", 10), CancellationToken.None),
    "collections" => await CollectionBenchmark.RunAsync(BenchArguments.IntOption(args, "--items", 50_000), CancellationToken.None),
    "admin" => await AdminBenchmark.RunAsync(BenchArguments.IntOption(args, "--assets", 50_000), CancellationToken.None),
    "streaming" => await StreamingBenchmark.RunAsync(BenchArguments.TextOption(args, "--only"), BenchArguments.IntOption(args, "--soak-minutes", 10), CancellationToken.None),
    _ => BenchArguments.Usage($"unknown scenario '{scenario}'"),
};
