using RetroVue.Bench;
using RetroVue.Bench.Admin;
using RetroVue.Bench.Ingest;

// Benchmarks whose figures go into docs/benchmarks.md.
// Usage: dotnet run -c Release --project bench/RetroVue.Bench -- ingest [--files N] | admin [--assets N]
var scenario = args.FirstOrDefault() ?? "ingest";
var files = BenchArguments.IntOption(args, "--files", 1000);
return scenario switch
{
    "ingest" => await IngestBenchmark.RunAsync(files, CancellationToken.None),
    "admin" => await AdminBenchmark.RunAsync(BenchArguments.IntOption(args, "--assets", 50_000), CancellationToken.None),
    _ => BenchArguments.Usage($"unknown scenario '{scenario}'"),
};
