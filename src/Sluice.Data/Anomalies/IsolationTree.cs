namespace Sluice.Data.Anomalies;

/// <summary>
/// One isolation tree in flat arrays. Children of a split node are stored next to each other, so a node keeps
/// only its left child's index. A leaf stores its path length h = depth + c(rows in leaf) in place of a threshold.
/// </summary>
internal sealed class IsolationTree
{
    // Matches scikit-learn's FEATURE_THRESHOLD: a feature whose range at a node is within this is constant there.
    private const double ConstantTolerance = 1e-7;

    private readonly int[] _feature;
    private readonly double[] _value;
    private readonly int[] _left;

    private IsolationTree(int[] feature, double[] value, int[] left)
    {
        _feature = feature;
        _value = value;
        _left = left;
    }

    public int NodeCount => _feature.Length;

    /// <summary>The node arrays (copies), for saving.</summary>
    public IsolationTreeState ToState() => new([.. _feature], [.. _value], [.. _left]);

    /// <summary>A tree from saved node arrays.</summary>
    /// <exception cref="ArgumentException">The arrays differ in length, or a node points outside them.</exception>
    public static IsolationTree FromState(IsolationTreeState state, int featureCount)
    {
        var n = state.Feature.Length;
        if (n == 0 || state.Value.Length != n || state.Left.Length != n)
        {
            throw new ArgumentException("a tree's feature, value and left arrays must be non-empty and of one length");
        }

        for (var i = 0; i < n; i++)
        {
            // Children come after their parent, so every walk ends; checking that here keeps a damaged file from looping.
            if (state.Feature[i] >= featureCount || (state.Feature[i] >= 0 && (state.Left[i] <= i || state.Left[i] + 1 >= n)))
            {
                throw new ArgumentException($"tree node {i} points outside the tree or the features");
            }
        }

        return new IsolationTree([.. state.Feature], [.. state.Value], [.. state.Left]);
    }

    /// <summary>The path length of <paramref name="row"/>: edges to its leaf plus c(rows in that leaf).</summary>
    public double PathLength(ReadOnlySpan<double> row)
    {
        var node = 0;
        int feature;
        while ((feature = _feature[node]) >= 0)
        {
            node = row[feature] <= _value[node] ? _left[node] : _left[node] + 1;
        }

        return _value[node];
    }

    /// <summary>Builds a tree on a random subsample, as scikit-learn's random-splitter extra tree does.</summary>
    public static IsolationTree Build(FeatureMatrix data, int sampleSize, int featureSubset, bool bootstrap, Xoshiro256StarStar rng)
    {
        var rows = DrawRows(data.Rows, sampleSize, bootstrap, ref rng);
        var features = DrawFeatures(data.Features, featureSubset, ref rng);

        // Column-major copy of the subsample: the split search scans one feature of a node's rows at a time.
        var columns = new double[features.Length * sampleSize];
        for (var j = 0; j < sampleSize; j++)
        {
            var row = data.Row(rows[j]);
            for (var f = 0; f < features.Length; f++)
            {
                columns[(f * sampleSize) + j] = row[features[f]];
            }
        }

        var maxDepth = (int)Math.Ceiling(Math.Log2(Math.Max(sampleSize, 2)));
        var capacity = (2 * sampleSize) - 1;
        var nodeFeature = new int[capacity];
        var nodeValue = new double[capacity];
        var nodeLeft = new int[capacity];
        var order = new int[sampleSize];
        for (var j = 0; j < sampleSize; j++)
        {
            order[j] = j;
        }

        var candidates = new int[features.Length];
        var stack = new Stack<(int Node, int Start, int End, int Depth)>();
        stack.Push((0, 0, sampleSize, 0));
        var nodeCount = 1;
        while (stack.Count > 0)
        {
            var (node, start, end, depth) = stack.Pop();
            var size = end - start;
            var split = size > 1 && depth < maxDepth
                ? FindSplit(columns, sampleSize, order.AsSpan(start, size), candidates, ref rng)
                : (Feature: -1, Threshold: 0.0);
            if (split.Feature < 0)
            {
                nodeFeature[node] = -1;
                nodeValue[node] = depth + IsolationPathLength.Average(size);
                continue;
            }

            var column = columns.AsSpan(split.Feature * sampleSize, sampleSize);
            var mid = start + Partition(column, order.AsSpan(start, size), split.Threshold);
            var left = nodeCount;
            nodeCount += 2;
            nodeFeature[node] = features[split.Feature];
            nodeValue[node] = split.Threshold;
            nodeLeft[node] = left;
            stack.Push((left + 1, mid, end, depth + 1));
            stack.Push((left, start, mid, depth + 1));
        }

        return new IsolationTree(nodeFeature[..nodeCount], nodeValue[..nodeCount], nodeLeft[..nodeCount]);
    }

    /// <summary>
    /// Picks a feature uniformly among those not constant on the node's rows (drawing without replacement and
    /// skipping constant ones), then a threshold uniformly in [min, max). Feature −1 means "make a leaf".
    /// </summary>
    private static (int Feature, double Threshold) FindSplit(
        double[] columns, int sampleSize, ReadOnlySpan<int> nodeRows, int[] candidates, ref Xoshiro256StarStar rng)
    {
        for (var f = 0; f < candidates.Length; f++)
        {
            candidates[f] = f;
        }

        for (var drawn = 0; drawn < candidates.Length; drawn++)
        {
            var pick = drawn + rng.NextInt(candidates.Length - drawn);
            (candidates[drawn], candidates[pick]) = (candidates[pick], candidates[drawn]);
            var feature = candidates[drawn];
            var column = columns.AsSpan(feature * sampleSize, sampleSize);
            var min = double.PositiveInfinity;
            var max = double.NegativeInfinity;
            foreach (var r in nodeRows)
            {
                var v = column[r];
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            if (max <= min + ConstantTolerance)
            {
                continue;
            }

            var threshold = min + (rng.NextDouble() * (max - min));
            // Rounding can land on max, which would leave the right child empty.
            return (feature, threshold >= max ? min : threshold);
        }

        return (-1, 0);
    }

    /// <summary>Moves rows with value ≤ threshold to the front; returns how many there are.</summary>
    private static int Partition(ReadOnlySpan<double> column, Span<int> nodeRows, double threshold)
    {
        var i = 0;
        var j = nodeRows.Length - 1;
        while (i <= j)
        {
            if (column[nodeRows[i]] <= threshold)
            {
                i++;
            }
            else
            {
                (nodeRows[i], nodeRows[j]) = (nodeRows[j], nodeRows[i]);
                j--;
            }
        }

        return i;
    }

    private static int[] DrawRows(int n, int sampleSize, bool bootstrap, ref Xoshiro256StarStar rng)
    {
        var rows = new int[sampleSize];
        if (bootstrap)
        {
            for (var j = 0; j < sampleSize; j++)
            {
                rows[j] = rng.NextInt(n);
            }

            return rows;
        }

        if (sampleSize == n)
        {
            for (var j = 0; j < n; j++)
            {
                rows[j] = j;
            }

            return rows;
        }

        // Floyd's algorithm: a uniform subset of size sampleSize in O(sampleSize), independent of n.
        var chosen = new HashSet<int>(sampleSize);
        var k = 0;
        for (var j = n - sampleSize; j < n; j++)
        {
            var t = rng.NextInt(j + 1);
            rows[k++] = chosen.Add(t) ? t : AddSelf(chosen, j);
        }

        return rows;

        static int AddSelf(HashSet<int> set, int j)
        {
            set.Add(j);
            return j;
        }
    }

    private static int[] DrawFeatures(int featureCount, int subset, ref Xoshiro256StarStar rng)
    {
        var all = new int[featureCount];
        for (var f = 0; f < featureCount; f++)
        {
            all[f] = f;
        }

        if (subset >= featureCount)
        {
            return all;
        }

        for (var f = 0; f < subset; f++)
        {
            var pick = f + rng.NextInt(featureCount - f);
            (all[f], all[pick]) = (all[pick], all[f]);
        }

        var chosen = all[..subset];
        Array.Sort(chosen);
        return chosen;
    }
}
