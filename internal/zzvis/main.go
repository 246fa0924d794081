package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

const base = "http://127.0.0.1:18777"

func main() {
	user, pass := os.Args[1], os.Args[2]
	w, _ := strconv.Atoi(os.Args[3])
	dir, _ := os.MkdirTemp("", "zzvis")
	defer os.RemoveAll(dir)
	actx, ac := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath("/usr/bin/chromium"), chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(dir),
		chromedp.WindowSize(w, 900))
	defer ac()
	ctx, c := chromedp.NewContext(actx)
	defer c()
	ctx, c2 := context.WithTimeout(ctx, 120*time.Second)
	defer c2()
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.CSS("#username"), user), chromedp.SendKeys(chromedp.CSS("#password"), pass),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)), chromedp.Sleep(1500*time.Millisecond))
	if err != nil {
		fmt.Println("login", err)
		os.Exit(1)
	}
	for _, a := range os.Args[4:] {
		i := strings.Index(a, "=")
		name, u := a[:i], a[i+1:]
		err := chromedp.Do(ctx, chromedp.Navigate(base+u), chromedp.Sleep(1500*time.Millisecond))
		var buf []byte
		if err == nil {
			buf, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		}
		if err != nil {
			fmt.Println(name, err)
			continue
		}
		// FullScreenshot with quality<100 gives jpeg; use 100 for png
		os.WriteFile("/tmp/vis/"+name+".png", buf, 0644)
		fmt.Println("ok", name, len(buf))
	}
}
