using Offline.Bench;
using Offline.Bench.Media;
using Offline.Observer;

// One entry point for every benchmark: `bench/run NAME` builds in Release and runs NAME.
// Each benchmark prints exactly one JSON line of figures on stdout; progress goes to stderr.
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["protocol"] = ProtocolBenchmark.RunAsync,
    ["relay"] = RelayBenchmark.RunAsync,
    ["observer"] = ObserverBenchmark.RunAsync,
    ["media"] = MediaBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    await Console.Error.WriteLineAsync($"usage: bench/run NAME   (NAME: {string.Join(", ", benchmarks.Keys)})");
    return 2;
}

return await run(args[1..]);
