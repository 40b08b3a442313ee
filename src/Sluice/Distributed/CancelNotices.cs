using System.Runtime.CompilerServices;

namespace Sluice.Distributed;

/// <summary>
/// In-process cancel notices per store instance: a cancel made in this process wakes this process's workers
/// on the same store at once, whatever the store (cross-process delivery is <see cref="ICancelNotifications"/>).
/// </summary>
internal static class CancelNotices
{
    private static readonly ConditionalWeakTable<IWorkStore, Notice> Notices = [];

    public static void Raise(IWorkStore store) => Notices.GetOrCreateValue(store).Raise();

    /// <summary>A task that completes at the next <see cref="Raise"/> on <paramref name="store"/>.</summary>
    public static Task Next(IWorkStore store) => Notices.GetOrCreateValue(store).Current;

    private sealed class Notice
    {
        private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Current => Volatile.Read(ref _tcs).Task;

        public void Raise() => Interlocked.Exchange(ref _tcs, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
