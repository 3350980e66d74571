package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrDevice reports a device string that names no device.
var ErrDevice = errors.New("bad device")

// DeviceKind is the kind of a compute device.
type DeviceKind int

const (
	CPU DeviceKind = iota
	CUDA
)

// Device names one compute device: the CPU, or one CUDA device by index.
type Device struct {
	Kind  DeviceKind
	Index int // CUDA device index; 0 for the CPU
}

// String returns the device as ParseDevice accepts it: "cpu" or "cuda:N".
func (d Device) String() string {
	if d.Kind == CPU {
		return "cpu"
	}
	return fmt.Sprintf("cuda:%d", d.Index)
}

// ParseDevice parses "cpu", "cuda" (device 0) or "cuda:N".
func ParseDevice(s string) (Device, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch {
	case t == "cpu":
		return Device{Kind: CPU}, nil
	case t == "cuda" || t == "gpu":
		return Device{Kind: CUDA}, nil
	case strings.HasPrefix(t, "cuda:"):
		n, err := strconv.Atoi(t[len("cuda:"):])
		if err != nil || n < 0 || n > 1023 {
			return Device{}, fmt.Errorf("%w: %q: want cuda:N with N a device index", ErrDevice, s)
		}
		return Device{Kind: CUDA, Index: n}, nil
	}
	return Device{}, fmt.Errorf("%w: %q: want cpu, cuda or cuda:N", ErrDevice, s)
}

// ParseDevices parses a comma-separated device list such as "cuda:0,cuda:1".
// A device may not appear twice.
func ParseDevices(s string) ([]Device, error) {
	var out []Device
	seen := map[Device]bool{}
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			return nil, fmt.Errorf("%w: %q: empty entry in device list", ErrDevice, s)
		}
		d, err := ParseDevice(part)
		if err != nil {
			return nil, err
		}
		if seen[d] {
			return nil, fmt.Errorf("%w: %q: %s listed twice", ErrDevice, s, d)
		}
		seen[d] = true
		out = append(out, d)
	}
	return out, nil
}
