using Sluice.Data.Execution;
using Sluice.Data.Quarantine;
using Sluice.Datasets;

namespace Sluice.DataActions.Quality;

/// <summary>Opens a dataset handle as a stream of batches. <see cref="IO.DatasetReader"/> is the real one (every format the data actions read).</summary>
public interface IDatasetOpener
{
    /// <summary>Opens <paramref name="dataset"/>; malformed records go to <paramref name="quarantine"/> when given.</summary>
    IBatchSource Open(DatasetRef dataset, IQuarantineSink? quarantine);
}
