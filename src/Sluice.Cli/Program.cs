using Sluice.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
