namespace Offline.Observer;

/// <summary>One labelled client-window: what the observer measured in it, and the truth.</summary>
internal sealed record ObservedWindow(int Client, int Index, bool Chatting, double[] Features, double BytesPerSecond, List<double> UpGaps);

/// <summary>What the observer concluded from one run.</summary>
internal sealed record RunFindings
{
    public required string Profile { get; init; }

    public int SlotMs { get; init; }

    public int WindowsIdle { get; init; }

    public int WindowsChatting { get; init; }

    public double AucLogistic { get; init; }

    public double AucNearestNeighbours { get; init; }

    public double Auc => Math.Max(AucLogistic, AucNearestNeighbours);

    public double AucStandardError { get; init; }

    public double KsGapD { get; init; }

    public double KsGapP { get; init; }

    public int GapSamplesIdle { get; init; }

    public int GapSamplesChatting { get; init; }

    public double BytesPerSecondIdle { get; init; }

    public double BytesPerSecondChatting { get; init; }

    public double KsRateD { get; init; }

    public double KsRateP { get; init; }

    public double LinkAccuracy { get; init; }

    public int LinkTrials { get; init; }

    public double LinkChance { get; init; }

    public required SortedDictionary<long, int> HistogramUp { get; init; }

    public required SortedDictionary<long, int> HistogramDown { get; init; }

    public double BytesPerClientHour { get; init; }

    public int MessagesSent { get; init; }

    public required Dictionary<string, int> MessagesByKind { get; init; }

    public int Connections { get; init; }

    public int Problems { get; init; }

    public double WallSeconds { get; init; }

    /// <summary>The logistic model fitted on every window (standardised): the five heaviest feature weights (what gave it away, if anything).</summary>
    public Dictionary<string, double> TopWeights { get; init; } = [];

    /// <summary>Upstream gaps longer than a slot plus the largest jitter spread (170 ms) plus 50 ms: late or missed cells, per 100 windows.</summary>
    public double LateCellsPer100Idle { get; init; }

    public double LateCellsPer100Chatting { get; init; }

    /// <summary>How long a compose waited for the link's gate (diagnostic: the gate is held while the outbox flushes).</summary>
    public double GateWaitP50 { get; init; }

    public double GateWaitMax { get; init; }
}

/// <summary>
/// The observer's side: sees only each client connection's frame times, directions and payload
/// lengths. Windows get their labels from the ground truth only for scoring.
/// </summary>
internal static class ObserverAnalysis
{
    /// <summary>Feature names, in the order of <see cref="ObservedWindow.Features"/>.</summary>
    public static readonly string[] FeatureNames =
    [
        "up_frames", "down_frames", "up_bytes", "down_bytes",
        "gap_mean", "gap_std", "gap_min", "gap_max",
        "up_gap_mean", "up_gap_std", "down_gap_mean", "down_gap_std",
        "size_le_1k", "size_le_4k", "size_le_16k", "size_gt_16k",
        "bytes_per_s", "max_bytes_1s",
    ];

    public static RunFindings Analyse(RunRecord run, ObserverOptions options)
    {
        var windows = Windows(run, options);
        var x = windows.Select(w => w.Features).ToArray();
        var y = windows.Select(w => w.Chatting).ToArray();
        var groups = windows.Select(w => w.Client / 2).ToArray();
        double aucLogistic = double.NaN, aucKnn = double.NaN;
        var positives = y.Count(v => v);
        var negatives = y.Length - positives;
        if (positives > 0 && negatives > 0)
        {
            var folds = Math.Min(5, groups.Distinct().Count());
            aucLogistic = ObserverStatistics.Auc(ObserverStatistics.CrossValidatedScores(x, y, groups, folds, (tx, ty) => ObserverStatistics.TrainLogistic(tx, ty)), y);
            aucKnn = ObserverStatistics.Auc(ObserverStatistics.CrossValidatedScores(x, y, groups, folds, (tx, ty) => ObserverStatistics.TrainNearestNeighbours(tx, ty)), y);
        }

        var auc = Math.Max(aucLogistic, aucKnn);
        var topWeights = new Dictionary<string, double>();
        if (positives > 0 && negatives > 0)
        {
            var (mean, scale) = ObserverStatistics.Standardiser(x);
            var z = x.Select(r => ObserverStatistics.Standardise(r, mean, scale)).ToArray();
            var model = ObserverStatistics.TrainLogistic(z, y);
            var bias = model(new double[FeatureNames.Length]);
            topWeights = FeatureNames
                .Select((name, k) => (name, weight: model([.. Enumerable.Range(0, FeatureNames.Length).Select(j => j == k ? 1.0 : 0)]) - bias))
                .OrderByDescending(p => Math.Abs(p.weight)).Take(5)
                .ToDictionary(p => p.name, p => Math.Round(p.weight, 3));
        }

        var lateGap = run.SlotMs > 0 ? (run.SlotMs / 1000.0) + 0.17 + 0.05 : double.PositiveInfinity;
        double LatePer100(bool chatting)
        {
            var chosen = windows.Where(w => w.Chatting == chatting).ToList();
            return chosen.Count == 0 ? 0 : 100.0 * chosen.Sum(w => w.UpGaps.Count(g => g > lateGap)) / chosen.Count;
        }

        var (gapD, gapP) = ObserverStatistics.KolmogorovSmirnov(
            [.. windows.Where(w => !w.Chatting).SelectMany(w => w.UpGaps)],
            [.. windows.Where(w => w.Chatting).SelectMany(w => w.UpGaps)]);
        var (rateD, rateP) = ObserverStatistics.KolmogorovSmirnov(
            [.. windows.Where(w => !w.Chatting).Select(w => w.BytesPerSecond)],
            [.. windows.Where(w => w.Chatting).Select(w => w.BytesPerSecond)]);
        var (linkAccuracy, trials) = Link(run, options);

        var histogramUp = new SortedDictionary<long, int>();
        var histogramDown = new SortedDictionary<long, int>();
        long bytes = 0;
        foreach (var frames in run.Frames)
        {
            foreach (var frame in frames)
            {
                var at = (frame.At - run.Origin).TotalSeconds;
                if (at < 0 || at >= options.Seconds)
                {
                    continue;
                }

                var histogram = frame.Direction == WireDirection.Up ? histogramUp : histogramDown;
                histogram[frame.PayloadLength] = histogram.GetValueOrDefault(frame.PayloadLength) + 1;
                bytes += frame.PayloadLength;
            }
        }

        return new RunFindings
        {
            Profile = run.Profile,
            SlotMs = run.SlotMs,
            WindowsIdle = negatives,
            WindowsChatting = positives,
            AucLogistic = aucLogistic,
            AucNearestNeighbours = aucKnn,
            AucStandardError = positives > 0 && negatives > 0 ? ObserverStatistics.AucStandardError(auc, positives, negatives) : double.NaN,
            KsGapD = gapD,
            KsGapP = gapP,
            GapSamplesIdle = windows.Where(w => !w.Chatting).Sum(w => w.UpGaps.Count),
            GapSamplesChatting = windows.Where(w => w.Chatting).Sum(w => w.UpGaps.Count),
            BytesPerSecondIdle = windows.Where(w => !w.Chatting).Select(w => w.BytesPerSecond).DefaultIfEmpty().Average(),
            BytesPerSecondChatting = windows.Where(w => w.Chatting).Select(w => w.BytesPerSecond).DefaultIfEmpty().Average(),
            KsRateD = rateD,
            KsRateP = rateP,
            LinkAccuracy = linkAccuracy,
            LinkTrials = trials,
            LinkChance = 1.0 / (run.Frames.Length - 1),
            HistogramUp = histogramUp,
            HistogramDown = histogramDown,
            BytesPerClientHour = bytes / (double)run.Frames.Length / options.Seconds * 3600,
            MessagesSent = run.Sent.Count,
            MessagesByKind = run.Sent.GroupBy(m => m.Kind).ToDictionary(g => g.Key, g => g.Count()),
            Connections = run.Connections,
            Problems = run.Problems,
            WallSeconds = run.WallSeconds,
            GateWaitP50 = run.GateWaitP50,
            TopWeights = topWeights,
            LateCellsPer100Idle = LatePer100(false),
            LateCellsPer100Chatting = LatePer100(true),
            GateWaitMax = run.GateWaitMax,
        };
    }

    /// <summary>
    /// Cuts every client's timeline into fixed windows; keeps a window only if it lies wholly inside
    /// one period of its pair's schedule, and (idle) starts at least the guard after that period began.
    /// </summary>
    public static List<ObservedWindow> Windows(RunRecord run, ObserverOptions options)
    {
        var result = new List<ObservedWindow>();
        var count = (int)Math.Floor(options.Seconds / options.WindowSeconds);
        for (var c = 0; c < run.Frames.Length; c++)
        {
            var times = run.Frames[c].Select(f => ((f.At - run.Origin).TotalSeconds, f)).ToArray();
            for (var k = 0; k < count; k++)
            {
                var start = k * options.WindowSeconds;
                var end = start + options.WindowSeconds;
                var period = run.Schedules[c].FirstOrDefault(p => p.Start <= start && end <= p.End);
                if (period.End <= period.Start)
                {
                    continue;
                }

                var chatting = period.Chatting && (c ^ 1) < run.Frames.Length;
                if (!chatting && period.Start > 0 && start < period.Start + options.GuardSeconds)
                {
                    continue;
                }

                var inside = times.Where(t => t.Item1 >= start && t.Item1 < end).ToArray();
                result.Add(Describe(c, k, chatting, inside, start, options.WindowSeconds, UpGapsEndingIn(times, start, end)));
            }
        }

        return result;
    }

    /// <summary>For each upstream frame in [start, end): the time since the connection's previous upstream frame (which may lie before the window).</summary>
    private static List<double> UpGapsEndingIn((double At, WireFrame Frame)[] times, double start, double end)
    {
        var gaps = new List<double>();
        double? previous = null;
        foreach (var (at, frame) in times)
        {
            if (frame.Direction != WireDirection.Up)
            {
                continue;
            }

            if (at >= start && at < end && previous is { } p)
            {
                gaps.Add(at - p);
            }

            previous = at;
        }

        return gaps;
    }

    private static ObservedWindow Describe(int client, int index, bool chatting, (double At, WireFrame Frame)[] frames, double start, double width, List<double> upGapsForKs)
    {
        var up = frames.Where(f => f.Frame.Direction == WireDirection.Up).ToArray();
        var down = frames.Where(f => f.Frame.Direction == WireDirection.Down).ToArray();
        var gaps = Gaps(frames.Select(f => f.At));
        var upGaps = Gaps(up.Select(f => f.At));
        var downGaps = Gaps(down.Select(f => f.At));
        var bytes = frames.Sum(f => (double)f.Frame.PayloadLength);
        var perSecond = new double[(int)Math.Ceiling(width)];
        foreach (var (at, frame) in frames)
        {
            perSecond[Math.Min(perSecond.Length - 1, (int)(at - start))] += frame.PayloadLength;
        }

        double[] features =
        [
            up.Length, down.Length, up.Sum(f => (double)f.Frame.PayloadLength), down.Sum(f => (double)f.Frame.PayloadLength),
            gaps.Count > 0 ? ObserverStatistics.Mean(gaps) : width, ObserverStatistics.StdDev(gaps), gaps.Count > 0 ? gaps.Min() : width, gaps.Count > 0 ? gaps.Max() : width,
            upGaps.Count > 0 ? ObserverStatistics.Mean(upGaps) : width, ObserverStatistics.StdDev(upGaps),
            downGaps.Count > 0 ? ObserverStatistics.Mean(downGaps) : width, ObserverStatistics.StdDev(downGaps),
            frames.Count(f => f.Frame.PayloadLength <= 1024),
            frames.Count(f => f.Frame.PayloadLength is > 1024 and <= 4096),
            frames.Count(f => f.Frame.PayloadLength is > 4096 and <= 16384),
            frames.Count(f => f.Frame.PayloadLength > 16384),
            bytes / width, perSecond.Max(),
        ];
        return new ObservedWindow(client, index, chatting, features, bytes / width, upGapsForKs);
    }

    private static List<double> Gaps(IEnumerable<double> times)
    {
        var sorted = times.Order().ToArray();
        var gaps = new List<double>(Math.Max(0, sorted.Length - 1));
        for (var i = 1; i < sorted.Length; i++)
        {
            gaps.Add(sorted[i] - sorted[i - 1]);
        }

        return gaps;
    }

    /// <summary>
    /// The linking attack. A trial is a (sender, window) in which the sender really sent text (ground
    /// truth picks the trials; the observer never sees message times). The observer bins the
    /// sender's upstream bytes and every other client's downstream bytes, scores each candidate by
    /// the best Pearson correlation over lags 0..MaxLag, and guesses the best. Accuracy = share right.
    /// </summary>
    public static (double Accuracy, int Trials) Link(RunRecord run, ObserverOptions options)
    {
        var clients = run.Frames.Length;
        var binsPerWindow = (int)Math.Round(options.WindowSeconds / options.BinSeconds);
        var lagBins = (int)Math.Round(options.MaxLagSeconds / options.BinSeconds);
        var totalBins = (int)Math.Ceiling(options.Seconds / options.BinSeconds) + lagBins + 1;
        var up = new double[clients][];
        var down = new double[clients][];
        for (var c = 0; c < clients; c++)
        {
            up[c] = new double[totalBins];
            down[c] = new double[totalBins];
            foreach (var frame in run.Frames[c])
            {
                var bin = (int)Math.Floor((frame.At - run.Origin).TotalSeconds / options.BinSeconds);
                if (bin >= 0 && bin < totalBins)
                {
                    (frame.Direction == WireDirection.Up ? up : down)[c][bin] += frame.PayloadLength;
                }
            }
        }

        var windowCount = (int)Math.Floor(options.Seconds / options.WindowSeconds);
        var trials = run.Sent
            .Select(m => (m.Sender, m.Recipient, Window: (int)Math.Floor(m.At / options.WindowSeconds)))
            .Where(t => t.Window < windowCount)
            .Distinct()
            .ToList();
        var tieBreak = new Random(12345);
        var right = 0;
        foreach (var (sender, recipient, window) in trials)
        {
            var from = window * binsPerWindow;
            var upstream = up[sender].AsSpan(from, binsPerWindow).ToArray();
            var best = double.NegativeInfinity;
            var guesses = new List<int>();
            for (var r = 0; r < clients; r++)
            {
                if (r == sender)
                {
                    continue;
                }

                var score = ObserverStatistics.MaxLaggedCorrelation(upstream, down[r].AsSpan(from, binsPerWindow + lagBins).ToArray(), lagBins);
                if (score > best + 1e-12)
                {
                    best = score;
                    guesses.Clear();
                    guesses.Add(r);
                }
                else if (Math.Abs(score - best) <= 1e-12)
                {
                    guesses.Add(r);
                }
            }

            if (guesses[tieBreak.Next(guesses.Count)] == recipient)
            {
                right++;
            }
        }

        return (trials.Count == 0 ? double.NaN : right / (double)trials.Count, trials.Count);
    }
}
