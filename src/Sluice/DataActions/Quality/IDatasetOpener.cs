using Sluice.Data.Execution;
using Sluice.Data.Quarantine;
using Sluice.Datasets;

namespace Sluice.DataActions.Quality;

/// <summary>Opens a dataset handle as a stream of batches. The data-actions layer provides the real one (CSV, JSON Lines, Parquet...).</summary>
public interface IDatasetOpener
{
    /// <summary>Opens <paramref name="dataset"/>; malformed records go to <paramref name="quarantine"/> when given.</summary>
    IBatchSource Open(DatasetRef dataset, IQuarantineSink? quarantine);
}
