using System.Collections.Concurrent;

namespace Sluice.Data.Anomalies;

/// <summary>
/// Isolation forest anomaly detector (Liu, Ting and Zhou 2008) with scikit-learn's semantics and sign conventions.
/// </summary>
/// <remarks>
/// <para>Each tree is grown on a random subsample of ψ = max_samples rows to depth ⌈log₂ ψ⌉, splitting on a
/// feature drawn uniformly among those not constant at the node at a threshold drawn uniformly in [min, max).
/// The path length of a row in a tree is the number of edges to its leaf plus c(rows in that leaf)
/// (<see cref="IsolationPathLength.Average"/>).</para>
/// <para><see cref="ScoreSamples(double[][], CancellationToken)"/> returns −2^(−E[h(x)]/c(ψ)): in [−1, 0), lower is more
/// anomalous. <see cref="DecisionFunction(double[][], CancellationToken)"/> subtracts <see cref="Offset"/> so that
/// negative means anomalous, and <see cref="Predict(double[][], CancellationToken)"/> maps that to −1 (anomaly) or +1.</para>
/// <para>A fitted forest is immutable and safe to score from many threads. Trees are built and rows scored in
/// parallel; the result does not depend on the thread count.</para>
/// </remarks>
public sealed class IsolationForest
{
    private IsolationTree[] _trees = [];
    private double _normaliser;

    /// <summary>Creates an unfitted forest.</summary>
    /// <param name="options">Parameters; null for scikit-learn's defaults (with seed 0).</param>
    /// <exception cref="ArgumentException">An option is invalid; the message lists every invalid option.</exception>
    public IsolationForest(IsolationForestOptions? options = null)
    {
        Options = options ?? new IsolationForestOptions();
        var errors = Options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }
    }

    /// <summary>The parameters.</summary>
    public IsolationForestOptions Options { get; }

    /// <summary>True once <c>Fit</c> has run.</summary>
    public bool IsFitted => _trees.Length > 0;

    /// <summary>The number of features seen by <c>Fit</c> (n_features_in_).</summary>
    public int FeatureCount { get; private set; }

    /// <summary>ψ, the number of rows each tree was trained on (max_samples_).</summary>
    public int SampleSize { get; private set; }

    /// <summary>
    /// offset_: −0.5 for <see cref="Contamination.Auto"/>; otherwise the contamination-quantile of the training rows'
    /// <c>ScoreSamples</c> (linear interpolation, like numpy's percentile), so about that share of training rows is flagged.
    /// </summary>
    public double Offset { get; private set; }

    /// <summary>Fits the forest on rows × features.</summary>
    /// <param name="rows">Training rows; all the same non-zero length, finite values.</param>
    /// <param name="cancellationToken">Stops building trees.</param>
    /// <returns>This forest.</returns>
    /// <exception cref="ArgumentException">The rows are empty, ragged or contain a non-finite value.</exception>
    public IsolationForest Fit(double[][] rows, CancellationToken cancellationToken = default) =>
        Fit(FeatureMatrix.FromRows(rows, nameof(rows)), cancellationToken);

    /// <summary>Fits the forest on a row-major buffer of rows × <paramref name="featureCount"/> values.</summary>
    /// <param name="rowMajor">Training values, row after row; finite.</param>
    /// <param name="featureCount">Features per row.</param>
    /// <param name="cancellationToken">Stops building trees.</param>
    /// <returns>This forest.</returns>
    /// <exception cref="ArgumentException">The buffer is empty, not a whole number of rows, or contains a non-finite value.</exception>
    public IsolationForest Fit(ReadOnlyMemory<double> rowMajor, int featureCount, CancellationToken cancellationToken = default) =>
        Fit(FeatureMatrix.FromRowMajor(rowMajor, featureCount, nameof(rowMajor)), cancellationToken);

    /// <summary>score_samples: −2^(−E[h(x)]/c(ψ)) for each row; lower is more anomalous.</summary>
    /// <param name="rows">Rows with <see cref="FeatureCount"/> finite features.</param>
    /// <param name="cancellationToken">Stops scoring.</param>
    /// <returns>One score per row.</returns>
    /// <exception cref="InvalidOperationException">The forest is not fitted.</exception>
    /// <exception cref="ArgumentException">The rows do not match the training features.</exception>
    public double[] ScoreSamples(double[][] rows, CancellationToken cancellationToken = default) =>
        Score(Checked(FeatureMatrix.FromRows(rows, nameof(rows))), 0, cancellationToken);

    /// <summary>score_samples over a row-major buffer.</summary>
    /// <inheritdoc cref="ScoreSamples(double[][], CancellationToken)"/>
    /// <param name="rowMajor">Values, row after row.</param>
    /// <param name="featureCount">Features per row; must equal <see cref="FeatureCount"/>.</param>
    /// <param name="cancellationToken">Stops scoring.</param>
    public double[] ScoreSamples(ReadOnlyMemory<double> rowMajor, int featureCount, CancellationToken cancellationToken = default) =>
        Score(Checked(FeatureMatrix.FromRowMajor(rowMajor, featureCount, nameof(rowMajor))), 0, cancellationToken);

    /// <summary>decision_function: <c>ScoreSamples − Offset</c>; negative means anomalous.</summary>
    /// <inheritdoc cref="ScoreSamples(double[][], CancellationToken)"/>
    public double[] DecisionFunction(double[][] rows, CancellationToken cancellationToken = default) =>
        Score(Checked(FeatureMatrix.FromRows(rows, nameof(rows))), Offset, cancellationToken);

    /// <summary>predict: −1 for an anomaly (decision function &lt; 0), +1 otherwise.</summary>
    /// <inheritdoc cref="ScoreSamples(double[][], CancellationToken)"/>
    public int[] Predict(double[][] rows, CancellationToken cancellationToken = default) =>
        ToLabels(DecisionFunction(rows, cancellationToken));

    /// <summary>predict over a row-major buffer.</summary>
    /// <inheritdoc cref="ScoreSamples(ReadOnlyMemory{double}, int, CancellationToken)"/>
    public int[] Predict(ReadOnlyMemory<double> rowMajor, int featureCount, CancellationToken cancellationToken = default) =>
        ToLabels(Score(Checked(FeatureMatrix.FromRowMajor(rowMajor, featureCount, nameof(rowMajor))), Offset, cancellationToken));

    /// <summary>The fitted forest as plain data, for saving.</summary>
    /// <exception cref="InvalidOperationException">The forest is not fitted.</exception>
    public IsolationForestState ToState() => IsFitted
        ? new IsolationForestState(FeatureCount, SampleSize, Offset, [.. _trees.Select(static t => t.ToState())])
        : throw new InvalidOperationException("The isolation forest is not fitted; call Fit first.");

    /// <summary>A fitted forest from saved state; it scores exactly as the forest that was saved.</summary>
    /// <exception cref="ArgumentException">The state is inconsistent (no trees, a bad sample size, a damaged tree).</exception>
    public static IsolationForest FromState(IsolationForestState state, IsolationForestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Trees.Count == 0 || state.SampleSize < 1 || state.FeatureCount < 1 || !double.IsFinite(state.Offset))
        {
            throw new ArgumentException("a saved isolation forest needs trees, a sample size and a feature count of at least 1, and a finite offset", nameof(state));
        }

        return new IsolationForest(options)
        {
            _trees = [.. state.Trees.Select(t => IsolationTree.FromState(t, state.FeatureCount))],
            _normaliser = IsolationPathLength.Average(state.SampleSize),
            FeatureCount = state.FeatureCount,
            SampleSize = state.SampleSize,
            Offset = state.Offset,
        };
    }

    private IsolationForest Fit(FeatureMatrix data, CancellationToken cancellationToken)
    {
        var sampleSize = Options.MaxSamples.Resolve(data.Rows);
        var featureSubset = Math.Max(1, (int)(Options.MaxFeatures * data.Features));
        var trees = new IsolationTree[Options.EstimatorCount];
        var parallel = ParallelOptions(cancellationToken);
        Parallel.For(0, trees.Length, parallel, t =>
            trees[t] = IsolationTree.Build(
                data, sampleSize, featureSubset, Options.Bootstrap, Xoshiro256StarStar.ForStream(Options.Seed, t)));

        _trees = trees;
        _normaliser = IsolationPathLength.Average(sampleSize);
        FeatureCount = data.Features;
        SampleSize = sampleSize;
        Offset = -0.5;
        if (Options.Contamination.Fraction is { } contamination)
        {
            var scores = Score(data, 0, cancellationToken);
            Array.Sort(scores);
            Offset = Quantile.Linear(scores, contamination);
        }

        return this;
    }

    private FeatureMatrix Checked(FeatureMatrix data)
    {
        if (!IsFitted)
        {
            throw new InvalidOperationException("The isolation forest is not fitted; call Fit first.");
        }

        if (data.Features != FeatureCount)
        {
            throw new ArgumentException($"Rows have {data.Features} features but the forest was fitted on {FeatureCount}.");
        }

        return data;
    }

    private double[] Score(FeatureMatrix data, double offset, CancellationToken cancellationToken)
    {
        var scores = new double[data.Rows];
        var trees = _trees;
        // With ψ = 1 every path length and c(ψ) are 0 (0/0 in scikit-learn); every row then scores −2⁰ = −1.
        var scale = _normaliser > 0 ? 1.0 / (_normaliser * trees.Length) : 0;
        var ranges = Partitioner.Create(0, data.Rows, Math.Max(256, data.Rows / (4 * Environment.ProcessorCount)));
        Parallel.ForEach(ranges, ParallelOptions(cancellationToken), range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                var row = data.Row(i);
                var total = 0.0;
                foreach (var tree in trees)
                {
                    total += tree.PathLength(row);
                }

                scores[i] = -Math.Pow(2, -total * scale) - offset;
            }
        });
        return scores;
    }

    private ParallelOptions ParallelOptions(CancellationToken cancellationToken) => new()
    {
        CancellationToken = cancellationToken,
        MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism,
    };

    private static int[] ToLabels(double[] decision)
    {
        var labels = new int[decision.Length];
        for (var i = 0; i < decision.Length; i++)
        {
            labels[i] = decision[i] < 0 ? -1 : 1;
        }

        return labels;
    }
}
