using Sluice.Definition;
using Sluice.Definition.Yaml;

namespace Sluice.Tests.Definition.Yaml;

/// <summary><c>retry_on</c> / <c>no_retry_on</c> as written in YAML, their merge with <c>defaults</c>, and their matching.</summary>
public sealed class RetryRuleYamlTests
{
    [Fact]
    public void RetryRules_AreRead_AndATaskOwnRuleWinsOverDefaults()
    {
        var result = PipelineLoader.Load("""
            id: p
            defaults: {no_retry_on: {http_statuses: [400-499]}, retry_on: {errors: [timeout]}}
            tasks:
              - id: a
                action: shell
                parameters: {command: ls}
                retry_on: {exit_codes: [75, 111], http_statuses: [429, 5xx], errors: [DataException]}
              - id: b
                action: shell
                parameters: {command: ls}
            """, "p.yaml", TestActions.Registry());

        result.Success.ShouldBeTrue(TestActions.Describe(result.Diagnostics));
        var d = result.Definition!;
        var a = d.Tasks[0].Policy.Over(d.Defaults);
        a.RetryOn!.ExitCodes.ShouldBe([75, 111]);
        a.RetryOn.HttpStatuses.ShouldBe([(429, 429), (500, 599)]);
        a.RetryOn.Errors.ShouldBe(["DataException"]);
        a.NoRetryOn!.HttpStatuses.ShouldBe([(400, 499)]);
        d.Tasks[1].Policy.Over(d.Defaults).RetryOn!.Errors.ShouldBe(["timeout"]);
    }

    [Fact]
    public void UnknownKeyInARule_IsReported_WithTheAllowedKeys()
    {
        var result = PipelineLoader.Load("""
            id: p
            tasks:
              - id: a
                action: shell
                parameters: {command: ls}
                no_retry_on: {exit_code: [2]}
            """, "p.yaml", TestActions.Registry());

        result.Success.ShouldBeFalse();
        var all = TestActions.Describe(result.Diagnostics);
        all.ShouldContain("p.yaml:6:19: error SLU003: unknown key 'exit_code'", Case.Sensitive, all);
    }

    [Fact]
    public void Rules_MatchByExitCodeStatusRangeOrErrorClass()
    {
        var rule = new RetryRule([2], [(500, 599)], ["IOException"]);

        rule.Matches(new FailureFacts(2, null, [])).ShouldBeTrue();
        rule.Matches(new FailureFacts(3, null, [])).ShouldBeFalse();
        rule.Matches(new FailureFacts(null, 503, [])).ShouldBeTrue();
        rule.Matches(new FailureFacts(null, 429, [])).ShouldBeFalse();
        rule.Matches(new FailureFacts(null, null, ["FileNotFoundException", "ioexception"])).ShouldBeTrue();
        RetryRule.ParseStatus("500-504").ShouldBe((500, 504));
        RetryRule.ParseStatus("4XX").ShouldBe((400, 499));
        RetryRule.ParseStatus("600").ShouldBeNull();
        RetryRule.ParseStatus("504-500").ShouldBeNull();
    }

    [Fact]
    public void Policy_NoRetryOnWins_RetryOnDecidesWhenSet_ElseTheFailuresOwnKind()
    {
        var facts = new FailureFacts(null, 503, ["SluiceException"]);
        new TaskPolicy().Retryable(transient: true, facts).ShouldBeTrue();
        new TaskPolicy().Retryable(transient: false, facts).ShouldBeFalse();
        new TaskPolicy(RetryOn: new RetryRule([], [(503, 503)], [])).Retryable(transient: false, facts).ShouldBeTrue();
        new TaskPolicy(RetryOn: new RetryRule([], [(409, 409)], [])).Retryable(transient: true, facts).ShouldBeFalse();
        new TaskPolicy(RetryOn: new RetryRule([], [(503, 503)], []), NoRetryOn: new RetryRule([], [], ["SluiceException"])).Retryable(transient: true, facts).ShouldBeFalse();
    }
}
