using RetroVue.Cli;

return await RetroVueCli.RunAsync(args);
