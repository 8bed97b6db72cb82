using RetroVue.Web;

return await RetroVueWebHost.RunAsync(args, dataDirectory: null, CancellationToken.None);
