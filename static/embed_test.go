package static

import (
	"io/fs"
	"testing"
)

func TestFSHoldsAssets(t *testing.T) {
	for _, name := range []string{
		"css/app.css",
		"js/app.js",
		"vendor/echarts-5.6.0.min.js",
		"vendor/echarts-5.6.0-langVI.js",
		"vendor/ECHARTS-LICENSE",
		"vendor/ECHARTS-LICENSE-d3",
		"vendor/ECHARTS-NOTICE",
	} {
		info, err := fs.Stat(FS, name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if info.Size() == 0 {
			t.Errorf("%s is empty", name)
		}
	}
}
