namespace Sluice.Server.Tests.Testing;

/// <summary>Pipeline YAML used by several tests.</summary>
public static class Pipelines
{
    /// <summary>
    /// <code>
    /// greet ──► shout
    /// </code>
    /// </summary>
    public const string Hello = """
        id: hello
        inputs:
          who: {type: string, default: world}
          times: {type: integer, default: 1}
        tasks:
          - id: greet
            action: shell
            parameters: {command: "echo hello {{ inputs.who }}"}
            outputs: [stdout]
          - id: shout
            action: noop
            parameters: {text: "{{ greet.stdout | upper }}"}
            dependencies: [greet]
        """;

    /// <summary>
    /// A task that waits for a file the test creates, then a downstream task:
    /// <code>
    /// wait_for_file ──► after
    /// </code>
    /// </summary>
    public static string WaitsForFile(string id, string file) => $$"""
        id: {{id}}
        tasks:
          - id: wait_for_file
            action: shell
            parameters: {command: "while [ ! -f '{{file}}' ]; do sleep 0.1; done; echo file arrived"}
          - id: after
            action: shell
            parameters: {command: "echo done"}
            dependencies: [wait_for_file]
        """;

    /// <summary>
    /// One success, one failure with stderr, and what follows from it:
    /// <code>
    /// ok ──► boom ──► never
    /// </code>
    /// </summary>
    public const string Failing = """
        id: failing
        tasks:
          - id: ok
            action: shell
            parameters: {command: "echo fine"}
          - id: boom
            action: shell
            parameters: {command: "echo about to fail; echo 'disk <full> & gone' >&2; exit 3"}
            dependencies: [ok]
          - id: never
            action: noop
            dependencies: [boom]
        """;
}
