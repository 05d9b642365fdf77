package console

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"sync"
)

// favicon is a 32×32 icon in the French flag's colours, drawn once: an
// ICO file holding one PNG image, which every current browser reads.
var favicon = sync.OnceValue(func() []byte {
	const size = 32
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	cols := []color.RGBA{{0, 0, 145, 255}, {255, 255, 255, 255}, {225, 0, 15, 255}}
	for y := range size {
		for x := range size {
			c := cols[min(x*3/size, 2)]
			if x == 0 || y == 0 || x == size-1 || y == size-1 {
				c = color.RGBA{22, 22, 22, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var pngData bytes.Buffer
	_ = png.Encode(&pngData, img)
	var ico bytes.Buffer
	// ICONDIR: reserved, type 1 (icon), one image; then its ICONDIRENTRY.
	_ = binary.Write(&ico, binary.LittleEndian, []uint16{0, 1, 1})
	ico.Write([]byte{size, size, 0, 0})
	_ = binary.Write(&ico, binary.LittleEndian, []uint16{1, 32})
	_ = binary.Write(&ico, binary.LittleEndian, []uint32{uint32(pngData.Len()), 6 + 16})
	ico.Write(pngData.Bytes())
	return ico.Bytes()
})

// serveFavicon answers /favicon.ico, which browsers ask for on every page
// of the site.
func serveFavicon(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "image/x-icon")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(favicon())
}
