using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Offline.Bench;
using Offline.Client.Traffic;

namespace Offline.Observer;

/// <summary>
/// `bench/run observer [--clients N] [--seconds S] [--slot-ms MS] [--seed N] [--self-test | --media]`: the
/// traffic-analysis observer (docs/TRAFFIC.md, docs/benchmarks.md "Observer"). One relay and N
/// engine clients on loopback, each behind its own recording proxy; pairs alternate between idle and
/// chatting on a seeded schedule. Run twice with the same seed: cover on (standard's shape with a
/// faster slot) and cover off. The observer sees only frame sizes and times per connection and
/// reports histograms, KS statistics, a cross-validated classifier's AUC (idle vs chatting windows)
/// and a timing-correlation linking attack. One JSON line on stdout; progress on stderr. `--media`
/// runs the media workload instead (<see cref="ObserverMedia"/>).
/// </summary>
internal static class ObserverBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--self-test"))
        {
            return ObserverSelfTest.Run() ? 0 : 1;
        }

        if (args.Contains("--media"))
        {
            return await ObserverMedia.RunAsync(args, (name, fallback) => Option(args, name, fallback));
        }

        var options = new ObserverOptions
        {
            Clients = Option(args, "--clients", 24),
            Seconds = Option(args, "--seconds", 150),
            SlotMs = Option(args, "--slot-ms", 250),
            Seed = Option(args, "--seed", 1),
        };
        var only = OptionText(args, "--only"); // "on" or "off": one run (for development).
        var total = Stopwatch.StartNew();
        await using var relay = await BenchRelayProcess.StartAsync(BenchRelayProcess.StampDifficulty(options.StampBits));
        Console.Error.WriteLine($"observer: relay on {relay.Url}; {options.Clients} clients, {options.Seconds} s per run, slot {options.SlotMs} ms, seed {options.Seed}");
        using var world = await ObserverWorld.CreateAsync(relay.Url, options.Clients, options.StampBits, CancellationToken.None);

        var paced = TrafficProfile.Standard.WithSlotPeriod(TimeSpan.FromMilliseconds(options.SlotMs));
        RunFindings? on = null, off = null;
        if (only != "on")
        {
            off = await RunOneAsync(world, relay, TrafficProfile.Off, options);
        }

        if (only != "off")
        {
            on = await RunOneAsync(world, relay, paced, options);
        }

        var chance = 1.0 / (options.Clients - 1);
        var pass = on is not null && off is not null && on.Auc <= 0.55 && off.Auc >= 0.9 && on.LinkAccuracy <= 2 * chance;
        var result = new Dictionary<string, object?>
        {
            ["benchmark"] = "observer",
            ["auc_cover_on"] = Round(on?.Auc),
            ["auc_cover_off"] = Round(off?.Auc),
            ["auc_se_on"] = Round(on?.AucStandardError),
            ["auc_se_off"] = Round(off?.AucStandardError),
            ["link_accuracy_cover_on"] = Round(on?.LinkAccuracy),
            ["link_accuracy_cover_off"] = Round(off?.LinkAccuracy),
            ["link_chance"] = Round(chance),
            ["ks_gap_on"] = Round(on?.KsGapD),
            ["ks_gap_off"] = Round(off?.KsGapD),
            ["ks_rate_on"] = Round(on?.KsRateD),
            ["ks_rate_off"] = Round(off?.KsRateD),
            ["bytes_per_client_hour_on"] = on is null ? null : Math.Round(on.BytesPerClientHour),
            ["bytes_per_client_hour_off"] = off is null ? null : Math.Round(off.BytesPerClientHour),
            ["pass"] = pass,
            ["parameters"] = new Dictionary<string, object>
            {
                ["clients"] = options.Clients,
                ["seconds"] = options.Seconds,
                ["slot_ms"] = options.SlotMs,
                ["seed"] = options.Seed,
                ["cover_on_profile"] = $"{paced.Name} shape, {options.SlotMs} ms slot, {paced.CellSize} B cells",
                ["window_s"] = options.WindowSeconds,
                ["guard_s"] = options.GuardSeconds,
                ["period_s"] = $"{options.MinPeriodSeconds}-{options.MaxPeriodSeconds}",
                ["mean_gap_s"] = options.MeanGapSeconds,
                ["bin_s"] = options.BinSeconds,
                ["max_lag_s"] = options.MaxLagSeconds,
                ["folds"] = "5, grouped by pair",
                ["classifiers"] = "logistic (L2 0.01) and 15-NN on standardised features; max AUC",
            },
            ["cover_on"] = Details(on),
            ["cover_off"] = Details(off),
            ["runtime_s"] = Math.Round(total.Elapsed.TotalSeconds, 1),
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static async Task<RunFindings> RunOneAsync(ObserverWorld world, BenchRelayProcess relay, TrafficProfile profile, ObserverOptions options)
    {
        var record = await ObserverRun.RunAsync(world, relay.Port, profile, options, CancellationToken.None);
        var findings = ObserverAnalysis.Analyse(record, options);
        Console.Error.WriteLine(
            $"observer [{profile.Name}]: {findings.WindowsIdle} idle / {findings.WindowsChatting} chatting windows; " +
            $"AUC logistic {findings.AucLogistic:F3}, kNN {findings.AucNearestNeighbours:F3} (SE {findings.AucStandardError:F3}); " +
            $"KS gap D {findings.KsGapD:F3} (p {findings.KsGapP:G3}), rate D {findings.KsRateD:F3} (p {findings.KsRateP:G3}); " +
            $"link {findings.LinkAccuracy:F3} over {findings.LinkTrials} trials (chance {findings.LinkChance:F3}); " +
            $"{findings.BytesPerClientHour / 1048576:F1} MiB per client-hour; {findings.MessagesSent} texts; {findings.WallSeconds:F0} s; " +
            $"late cells per 100 windows idle {findings.LateCellsPer100Idle:F1} / chatting {findings.LateCellsPer100Chatting:F1}; " +
            $"heaviest features {string.Join(", ", findings.TopWeights.Select(p => $"{p.Key} {p.Value:+0.00;-0.00}"))}");
        return findings;
    }

    private static Dictionary<string, object?>? Details(RunFindings? f) => f is null ? null : new Dictionary<string, object?>
    {
        ["profile"] = f.Profile,
        ["slot_ms"] = f.SlotMs,
        ["windows_idle"] = f.WindowsIdle,
        ["windows_chatting"] = f.WindowsChatting,
        ["auc_logistic"] = Round(f.AucLogistic),
        ["auc_knn"] = Round(f.AucNearestNeighbours),
        ["auc_se"] = Round(f.AucStandardError),
        ["ks_gap_d"] = Round(f.KsGapD),
        ["ks_gap_p"] = RoundP(f.KsGapP),
        ["ks_gap_samples_idle"] = f.GapSamplesIdle,
        ["ks_gap_samples_chatting"] = f.GapSamplesChatting,
        ["ks_rate_d"] = Round(f.KsRateD),
        ["ks_rate_p"] = RoundP(f.KsRateP),
        ["link_accuracy"] = Round(f.LinkAccuracy),
        ["link_trials"] = f.LinkTrials,
        ["histogram_up"] = f.HistogramUp.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value),
        ["histogram_down"] = f.HistogramDown.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value),
        ["bytes_per_client_hour"] = Math.Round(f.BytesPerClientHour),
        ["mib_per_client_day"] = Math.Round(f.BytesPerClientHour * 24 / 1048576, 1),
        ["bytes_per_s_idle"] = Math.Round(f.BytesPerSecondIdle, 1),
        ["bytes_per_s_chatting"] = Math.Round(f.BytesPerSecondChatting, 1),
        ["mib_per_day_idle_all_day"] = Math.Round(f.BytesPerSecondIdle * 86400 / 1048576, 2),
        ["mib_per_day_chatting_all_day"] = Math.Round(f.BytesPerSecondChatting * 86400 / 1048576, 1),
        ["texts_sent"] = f.MessagesSent,
        ["texts_by_size"] = f.MessagesByKind,
        ["logistic_top_weights"] = f.TopWeights,
        ["late_cells_per_100_windows_idle"] = Math.Round(f.LateCellsPer100Idle, 1),
        ["late_cells_per_100_windows_chatting"] = Math.Round(f.LateCellsPer100Chatting, 1),
        ["connections"] = f.Connections,
        ["send_gate_wait_p50_s"] = Math.Round(f.GateWaitP50, 3),
        ["send_gate_wait_max_s"] = Math.Round(f.GateWaitMax, 3),
        ["problems"] = f.Problems,
        ["wall_s"] = Math.Round(f.WallSeconds, 1),
    };

    private static double? Round(double? v) => v is null || double.IsNaN(v.Value) ? null : Math.Round(v.Value, 4);

    private static double? RoundP(double v) => double.IsNaN(v) ? null : double.Parse(v.ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
