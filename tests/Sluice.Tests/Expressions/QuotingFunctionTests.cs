using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Sluice.Expressions;

namespace Sluice.Tests.Expressions;

/// <summary>
/// shell_quote and sql_literal, checked against the real consumers: /bin/sh must read the quoted word back as the
/// original text, and SQLite must read the literal back as the original value.
/// </summary>
public class QuotingFunctionTests
{
    public static TheoryData<string> HostileTexts() =>
    [
        "plain",
        "",
        "it's",
        "x' OR '1'='1",
        "'; rm -rf ~; echo '",
        "$(id) `id` $HOME ${PATH} \\ \" * ? [a] ~ # & | ; < > ( ) { }",
        "line1\nline2\ttab",
        "-n",
        "'''",
        "ünïcödé ✓",
    ];

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public async Task ShellQuote_SplicedIntoACommand_ReachesTheProgramAsOneUnchangedArgument(string text)
    {
        var scope = new TestScope { ["v"] = text };
        var command = (string)Template.Parse("printf '%s|' {{ v | shell_quote }}", Eval.Origin).Render(scope)!;

        var output = await RunShellAsync(command);

        output.ShouldBe(text + "|");
    }

    [Theory]
    [InlineData("v | shell_quote", "'it'\\''s'")]
    [InlineData("shell_quote(v)", "'it'\\''s'")]
    [InlineData("null | shell_quote", "''")]
    [InlineData("42 | shell_quote", "'42'")]
    [InlineData("['a', 1] | shell_quote", "'[\"a\",1]'")]
    public void ShellQuote_WritesPosixSingleQuotes(string expression, string expected) =>
        Eval.Run(expression, new TestScope { ["v"] = "it's" }).ShouldBe(expected);

    [Theory]
    [InlineData("null | sql_literal", "NULL")]
    [InlineData("true | sql_literal", "TRUE")]
    [InlineData("42 | sql_literal", "42")]
    [InlineData("-42 | sql_literal", "(-42)")]
    [InlineData("2.5 | sql_literal", "2.5")]
    [InlineData("-0.5 | sql_literal", "(-0.5)")]
    [InlineData("1e20 | sql_literal", "1e+20")]
    [InlineData("\"it's\" | sql_literal", "'it''s'")]
    [InlineData("{'a': [1]} | sql_literal", "'{\"a\":[1]}'")]
    public void SqlLiteral_WritesNumbersAsNumbersNullAsNullAndTextWithDoubledQuotes(string expression, string expected) =>
        Eval.Run(expression).ShouldBe(expected);

    [Theory]
    [InlineData("float('nan') | sql_literal")]
    [InlineData("float('inf') | sql_literal")]
    public void SqlLiteral_NonFiniteNumber_IsAnError(string expression) =>
        Eval.Fails(expression).Message.ShouldContain("cannot write");

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public void SqlLiteral_SplicedIntoAQuery_IsReadBackAsTheSameText(string text)
    {
        var scope = new TestScope { ["v"] = text };
        var sql = (string)Template.Parse("SELECT {{ v | sql_literal }}", Eval.Origin).Render(scope)!;

        QuerySqlite(sql).ShouldBe(text);
    }

    [Theory]
    [InlineData(-7L)]
    [InlineData(12L)]
    [InlineData(-2.25)]
    [InlineData(null)]
    [InlineData(true)]
    public void SqlLiteral_AfterAMinus_StaysANumberAndNeverStartsAComment(object? number)
    {
        var scope = new TestScope { ["n"] = number };
        var sql = (string)Template.Parse("SELECT 10 -{{ n | sql_literal }}", Eval.Origin).Render(scope)!;

        var value = QuerySqlite(sql);

        var expected = number switch
        {
            null => null,
            true => (object)9L,
            long l => 10 - l,
            double d => 10 - d,
            _ => throw new ArgumentOutOfRangeException(nameof(number)),
        };
        value.ShouldBe(expected);
    }

    /// <summary>The single value of the single row and column <paramref name="sql"/> returns.</summary>
    private static object? QuerySqlite(string sql)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        reader.FieldCount.ShouldBe(1);
        reader.Read().ShouldBeTrue();
        var value = reader.IsDBNull(0) ? null : reader.GetValue(0);
        reader.Read().ShouldBeFalse();
        return value;
    }

    private static async Task<string> RunShellAsync(string command)
    {
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0);
        return output;
    }
}
