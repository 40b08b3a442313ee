using Sluice.State;

namespace Sluice.Server.Web.Pages;

/// <summary>The run page's list of missed SLAs: which task (or the run), the deadline and when it was noticed.</summary>
internal static class SlaMissList
{
    public static void Write(Html h, IReadOnlyList<SlaMissRecord>? misses)
    {
        if (misses is not { Count: > 0 })
        {
            return;
        }
        h.Raw("<section id=\"sla-misses\"><h2>SLA missed</h2><ul>");
        foreach (var m in misses)
        {
            h.Raw("<li class=\"error\">");
            if (m.TaskId is null)
            {
                h.Raw("the run");
            }
            else
            {
                h.Raw("task <code>").Text(m.TaskId).Raw("</code>");
                if (m.MapIndex >= 0)
                {
                    h.Raw(" item ").Text(m.MapIndex);
                }
            }
            h.Raw(" (").Text(m.Kind).Raw("): deadline ").Text(Layout.Time(m.Deadline)).Raw(", noticed ").Text(Layout.Time(m.NoticedAt)).Raw("</li>");
        }
        h.Raw("</ul></section>");
    }
}
