package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Load reads path over the defaults (a missing path is an error; an empty
// path means defaults only), then applies the environment read through
// getenv. It does not validate: call Validate.
func Load(path string, getenv func(string) string) (*Config, error) {
	c := Default()
	c.lines = map[string]int{}
	if path != "" {
		c.file = path
		data, err := os.ReadFile(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: no such file (set --config or GUICHET_CONFIG)", path)
			}
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if err := c.decode(data); err != nil {
			return nil, err
		}
	}
	if err := applyEnv(reflect.ValueOf(&c).Elem(), "GUICHET", getenv); err != nil {
		return nil, err
	}
	return &c, nil
}

func (c *Config) decode(data []byte) error {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return fmt.Errorf("%s: %s", c.file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(root.Content) == 0 {
		return nil // empty file: defaults
	}
	collectLines(root.Content[0], "", c.lines)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil {
		return fmt.Errorf("%s: %s", c.file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return nil
}

// collectLines records the line of every mapping key as "section.key".
func collectLines(n *yaml.Node, prefix string, out map[string]int) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i].Value
		if prefix != "" {
			key = prefix + "." + key
		}
		out[key] = n.Content[i].Line
		collectLines(n.Content[i+1], key, out)
	}
}

// applyEnv walks the struct: a field with a yaml tag gets the env name
// PREFIX_TAG; a field tagged env:"NAME" (secrets) reads exactly NAME.
func applyEnv(v reflect.Value, prefix string, getenv func(string) string) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := f.Tag.Get("env")
		if name == "" {
			tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
			if tag == "" || tag == "-" {
				continue
			}
			name = prefix + "_" + strings.ToUpper(tag)
		}
		fv := v.Field(i)
		if fv.Kind() == reflect.Struct {
			if err := applyEnv(fv, name, getenv); err != nil {
				return err
			}
			continue
		}
		s := getenv(name)
		if s == "" {
			continue
		}
		if err := setFromString(fv, s); err != nil {
			return fmt.Errorf("environment %s=%q: %v", name, s, err)
		}
	}
	return nil
}

func setFromString(fv reflect.Value, s string) error {
	switch fv.Interface().(type) {
	case time.Duration:
		d, err := time.ParseDuration(s)
		if err != nil {
			return errors.New("want a duration such as 30s, 15m or 720h")
		}
		fv.SetInt(int64(d))
		return nil
	case []string:
		var list []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				list = append(list, p)
			}
		}
		fv.Set(reflect.ValueOf(list))
		return nil
	}
	switch fv.Kind() {
	case reflect.String:
		fv.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return errors.New("want true or false")
		}
		fv.SetBool(b)
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return errors.New("want a whole number")
		}
		fv.SetInt(n)
	case reflect.Float64:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return errors.New("want a number such as 0.6")
		}
		fv.SetFloat(x)
	default:
		return fmt.Errorf("unsupported type %s", fv.Type())
	}
	return nil
}
