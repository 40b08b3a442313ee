namespace Sluice.Streaming.Definition;

/// <summary>How events are grouped into windows of event time.</summary>
public enum WindowKind
{
    /// <summary>Fixed, non-overlapping windows <c>[k·size, (k+1)·size)</c>.</summary>
    Tumbling,

    /// <summary>Windows of <c>size</c> starting every <c>slide</c> (hopping); an event belongs to <c>size/slide</c> of them.</summary>
    Sliding,

    /// <summary>Per key, events closer than <c>gap</c> form one window <c>[first, last + gap)</c>.</summary>
    Session,
}
