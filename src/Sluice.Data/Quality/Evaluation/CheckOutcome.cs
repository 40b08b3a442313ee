namespace Sluice.Data.Quality.Evaluation;

/// <summary>The verdict of one check.</summary>
public enum CheckOutcome
{
    /// <summary>No fail or warn condition holds.</summary>
    Pass,

    /// <summary>The warn condition holds and no fail condition does.</summary>
    Warn,

    /// <summary>The fail condition holds, or the pass condition does not.</summary>
    Fail,

    /// <summary>The metric is undefined (e.g. avg of no values), so no condition can be tested.</summary>
    NoData,

    /// <summary>The metric could not be computed (e.g. the column is missing).</summary>
    Error,
}
