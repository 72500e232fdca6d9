using static Offline.Observer.ObserverStatistics;

namespace Offline.Observer;

/// <summary>`bench/run observer --self-test`: the statistics on synthetic data with known answers, and the wire parser.</summary>
internal static class ObserverSelfTest
{
    public static bool Run()
    {
        var random = new Random(42);
        var ok = true;

        void Check(string name, bool passed, string detail)
        {
            Console.Error.WriteLine($"{(passed ? "pass" : "FAIL")}  {name}: {detail}");
            ok &= passed;
        }

        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

        // AUC.
        var separated = Auc([0.1, 0.2, 0.3, 0.7, 0.8, 0.9], [false, false, false, true, true, true]);
        Check("auc perfectly separated", separated == 1, $"{separated}");
        var reversed = Auc([0.1, 0.2, 0.3, 0.7, 0.8, 0.9], [true, true, true, false, false, false]);
        Check("auc reversed", reversed == 0, $"{reversed}");
        var tied = Auc([1, 1, 1, 1], [true, false, true, false]);
        Check("auc all tied", tied == 0.5, $"{tied}");
        var known = Auc([1, 2, 3, 4], [false, true, false, true]); // pairs (pos>neg): (2>1),(4>1),(4>3) of 4 = 0.75
        Check("auc small known", Math.Abs(known - 0.75) < 1e-12, $"{known}");
        var noiseScores = Enumerable.Range(0, 4000).Select(_ => random.NextDouble()).ToArray();
        var noiseLabels = Enumerable.Range(0, 4000).Select(i => i % 2 == 0).ToArray();
        var noise = Auc(noiseScores, noiseLabels);
        Check("auc identical distributions ~ 0.5", Math.Abs(noise - 0.5) < 0.04, $"{noise:F3}");
        var shifted = Enumerable.Range(0, 4000).Select(i => Normal() + (i % 2 == 0 ? 1 : 0)).ToArray();
        var expected = 0.7602; // Phi(1 / sqrt 2)
        var binormal = Auc(shifted, noiseLabels);
        Check("auc binormal shift 1 ~ 0.760", Math.Abs(binormal - expected) < 0.03, $"{binormal:F3}");
        var se = AucStandardError(0.5, 300, 300);
        Check("auc SE at 0.5, 300/300 ~ 0.0236", Math.Abs(se - 0.0236) < 0.001, $"{se:F4}");

        // KS.
        var a = Enumerable.Range(0, 2000).Select(_ => Normal()).ToArray();
        var (dSame, pSame) = KolmogorovSmirnov(a, a);
        Check("ks identical samples", dSame == 0 && pSame > 0.99, $"D {dSame}, p {pSame:F3}");
        var b = Enumerable.Range(0, 2000).Select(_ => Normal()).ToArray();
        var (dNull, pNull) = KolmogorovSmirnov(a, b);
        Check("ks same distribution", dNull < 0.06 && pNull > 0.001, $"D {dNull:F3}, p {pNull:F3}");
        var c = b.Select(v => v + 1).ToArray();
        var (dShift, pShift) = KolmogorovSmirnov(a, c);
        Check("ks shift by 1 sd ~ 0.383", Math.Abs(dShift - 0.383) < 0.05 && pShift < 1e-10, $"D {dShift:F3}, p {pShift:G3}");
        var (dApart, _) = KolmogorovSmirnov([1, 2, 3], [10, 11, 12]);
        Check("ks disjoint = 1", dApart == 1, $"{dApart}");
        Check("ks Q(1.36) ~ 0.049", Math.Abs(KolmogorovQ(1.36) - 0.0494) < 0.002, $"{KolmogorovQ(1.36):F4}");

        // Classifiers with grouped cross-validation.
        var (x, y, groups) = Synthetic(random, 600, 6, separation: 3);
        var logistic = Auc(CrossValidatedScores(x, y, groups, 5, (tx, ty) => TrainLogistic(tx, ty)), y);
        Check("logistic separable > 0.97", logistic > 0.97, $"{logistic:F3}");
        var knn = Auc(CrossValidatedScores(x, y, groups, 5, (tx, ty) => TrainNearestNeighbours(tx, ty)), y);
        Check("kNN separable > 0.94 (Bayes 0.983; 5 noise dimensions)", knn > 0.94, $"{knn:F3}");
        var (nx, ny, ngroups) = Synthetic(random, 600, 6, separation: 0);
        var logisticNoise = Auc(CrossValidatedScores(nx, ny, ngroups, 5, (tx, ty) => TrainLogistic(tx, ty)), ny);
        Check("logistic on noise ~ 0.5", Math.Abs(logisticNoise - 0.5) < 0.08, $"{logisticNoise:F3}");
        var knnNoise = Auc(CrossValidatedScores(nx, ny, ngroups, 5, (tx, ty) => TrainNearestNeighbours(tx, ty)), ny);
        Check("kNN on noise ~ 0.5", Math.Abs(knnNoise - 0.5) < 0.08, $"{knnNoise:F3}");

        // XOR-like structure: logistic cannot, kNN can (why both are run).
        var xor = Enumerable.Range(0, 600).Select(_ => new[] { Normal(), Normal() }).ToArray();
        var xorY = xor.Select(r => r[0] * r[1] > 0).ToArray();
        var xorGroups = Enumerable.Range(0, 600).Select(i => i % 20).ToArray();
        var knnXor = Auc(CrossValidatedScores(xor, xorY, xorGroups, 5, (tx, ty) => TrainNearestNeighbours(tx, ty)), xorY);
        Check("kNN learns xor > 0.9", knnXor > 0.9, $"{knnXor:F3}");

        // The bench's null: noise features, labels clustered in time per pair (the bench's schedule),
        // folds grouped by pair. The spread of the max of both classifiers' AUCs over replicates is
        // what decides how often a leak-free run would still read above 0.55.
        var pooledMax = new List<double>();
        for (var rep = 0; rep < 12; rep++)
        {
            var (bx, by, bgroups) = BenchShapedNoise(random, 24, 50, 18);
            var logisticScores = CrossValidatedScores(bx, by, bgroups, 5, (tx, ty) => TrainLogistic(tx, ty));
            var knnScores = CrossValidatedScores(bx, by, bgroups, 5, (tx, ty) => TrainNearestNeighbours(tx, ty));
            pooledMax.Add(Math.Max(Auc(logisticScores, by), Auc(knnScores, by)));
        }

        Check(
            "null (bench-shaped noise, 24 clients x 50 windows): max of both AUCs centred near 0.5",
            Math.Abs(pooledMax.Average() - 0.5) < 0.03,
            $"mean {pooledMax.Average():F3}, sd {StdDev(pooledMax):F3}, max {pooledMax.Max():F3} over 12 replicates");

        // Lagged correlation, and the linking attack's scoring.
        var up = Enumerable.Range(0, 50).Select(_ => random.NextDouble() < 0.2 ? 1024.0 : 0).ToArray();
        var down = new double[70];
        for (var i = 0; i < 50; i++)
        {
            down[i + 7] = up[i];
        }

        var lagged = MaxLaggedCorrelation(up, down, 20);
        Check("lagged correlation finds lag 7", lagged > 0.999, $"{lagged:F3}");
        var other = Enumerable.Range(0, 70).Select(_ => random.NextDouble() < 0.2 ? 1024.0 : 0).ToArray();
        var unrelated = MaxLaggedCorrelation(up, other, 20);
        Check("unrelated series correlate less", unrelated < 0.6, $"{unrelated:F3}");
        Check("constant series correlate 0", Correlation(new double[10], up.AsSpan(0, 10)) == 0, "0");

        // The wire parser: frames only on an upgraded connection.
        var (upgraded, upgradedFrames) = Wire("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
        Check("wire: 101 response, one frame each way", upgraded && upgradedFrames == "Up 2 5, Down 2 3", $"websocket {upgraded}, frames [{upgradedFrames}]");
        var (plain, plainFrames) = Wire("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n");
        Check("wire: 200 response (plain GET), no frames", !plain && plainFrames.Length == 0, $"websocket {plain}, frames [{plainFrames}]");

        Console.Error.WriteLine(ok ? "observer self-test: all passed" : "observer self-test: FAILED");
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["benchmark"] = "observer-self-test", ["pass"] = ok }));
        return ok;
    }

    private static (double[][] X, bool[] Y, int[] Groups) BenchShapedNoise(Random random, int clients, int windows, int d)
    {
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var x = new List<double[]>();
        var y = new List<bool>();
        var groups = new List<int>();
        for (var p = 0; p < clients / 2; p++)
        {
            var schedule = ObserverWorld.Schedule(random, windows * 3, 10, 30);
            for (var c = 0; c < 2; c++)
            {
                for (var k = 0; k < windows; k++)
                {
                    var period = schedule.FirstOrDefault(q => q.Start <= k * 3 && (k * 3) + 3 <= q.End);
                    if (period.End <= period.Start)
                    {
                        continue;
                    }

                    x.Add([.. Enumerable.Range(0, d).Select(_ => Normal())]);
                    y.Add(period.Chatting);
                    groups.Add(p);
                }
            }
        }

        return ([.. x], [.. y], [.. groups]);
    }

    private static (double[][] X, bool[] Y, int[] Groups) Synthetic(Random random, int n, int d, double separation)
    {
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var y = Enumerable.Range(0, n).Select(i => i % 2 == 0).ToArray();
        var x = y.Select(label => Enumerable.Range(0, d).Select(k => Normal() + (label && k == 0 ? separation : 0)).ToArray()).ToArray();
        return (x, y, [.. Enumerable.Range(0, n).Select(i => i % 7)]);
    }

    /// <summary>A request, the given response head, then a masked 5-byte binary frame up and a 3-byte one down.</summary>
    private static (bool IsWebSocket, string Frames) Wire(string responseHead)
    {
        var connection = new WireConnection(0, System.Diagnostics.Stopwatch.StartNew());
        connection.Up.Feed("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n"u8);
        connection.Down.Feed(System.Text.Encoding.ASCII.GetBytes(responseHead));
        connection.Up.Feed([0x82, 0x85, 1, 2, 3, 4, 10, 11, 12, 13, 14]);
        connection.Down.Feed([0x82, 0x03, 7, 8, 9]);
        return (connection.IsWebSocket, string.Join(", ", connection.Frames.OrderBy(f => f.Direction).Select(f => $"{f.Direction} {f.Opcode} {f.PayloadLength}")));
    }
}
