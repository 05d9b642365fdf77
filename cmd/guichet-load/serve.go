package main

import (
	"errors"
	"os"
	"runtime/pprof"
	_ "time/tzdata" // opening hours need Europe/Paris

	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/cli"
)

func init() {
	commands["serve"] = cli.Command{Summary: "run the service exactly as 'guichet serve' (the instances 'soak handoff' starts and kills)", Run: cmdServe}
}

func cmdServe(e *cli.Env) int {
	fs, cfgPath := e.FlagSet("serve")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to `FILE` (read it with go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a profile of the run's allocations to `FILE` when it stops (go tool pprof -sample_index=alloc_space)")
	const synopsis = "guichet-load serve [flags]\n\nRun the service exactly as 'guichet serve' does (the instances 'soak handoff' starts and kills)."
	if code, ok := e.Parse(fs, e.Args, synopsis); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return e.UsageError(fs, synopsis, "unexpected argument %q", fs.Arg(0))
	}
	cfg, ok := e.LoadConfig(*cfgPath)
	if !ok {
		return cli.ExitFail
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return e.Failf("serve: %v", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return e.Failf("serve: cpu profile: %v", err)
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		defer writeAllocs(e, *memProfile)
	}
	ctx, stop := e.UntilStopped()
	defer stop()
	return app.Run(ctx, e.Program, cfg, e.Stderr)
}

// writeAllocs writes the allocations made since the start to path.
func writeAllocs(e *cli.Env, path string) {
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		e.Failf("serve: memory profile: %v", err)
	}
}
