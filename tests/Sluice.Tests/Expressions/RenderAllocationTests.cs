using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Tests.Expressions;

public class RenderAllocationTests
{
    [Fact]
    public void Render_SingleNameTemplate_AllocatesNothingPerCall()
    {
        var template = Template.Parse("{{ item }}", SourceLocation.None);
        var scope = new TestScope { ["item"] = "orders-2024.csv" };
        template.Render(scope); // warm up (JIT, static initialisation)

        var before = GC.GetAllocatedBytesForCurrentThread();
        object? last = null;
        for (var i = 0; i < 10_000; i++)
        {
            last = template.Render(scope);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        last.ShouldBe("orders-2024.csv");
        // Behaviour check, not timing: far less than one small object per render.
        allocated.ShouldBeLessThan(10_000);
    }

    [Fact]
    public void Render_MemberAccessAndFilterCall_AllocatesOnlyTheResult()
    {
        var template = Template.Parse("{{ inputs.name | default('x') }}", SourceLocation.None);
        var scope = new TestScope { ["inputs"] = Eval.Map(("name", "n")) };
        template.Render(scope);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            template.Render(scope);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(10_000);
    }
}
