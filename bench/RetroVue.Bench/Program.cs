using RetroVue.Bench;
using RetroVue.Bench.Ingest;
using RetroVue.Bench.Streaming;

// Benchmarks whose figures go into docs/benchmarks.md. Usage: dotnet run -c Release --project bench/RetroVue.Bench -- ingest [--files N]
// or -- streaming [--only tune|join|fanout|density|soak] [--soak-minutes M]
var scenario = args.FirstOrDefault() ?? "ingest";
var files = BenchArguments.IntOption(args, "--files", 1000);
return scenario switch
{
    "ingest" => await IngestBenchmark.RunAsync(files, CancellationToken.None),
    "streaming" => await StreamingBenchmark.RunAsync(BenchArguments.TextOption(args, "--only"), BenchArguments.IntOption(args, "--soak-minutes", 10), CancellationToken.None),
    _ => BenchArguments.Usage($"unknown scenario '{scenario}'"),
};
