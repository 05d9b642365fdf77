package privacy

import "strings"

// summary is what one pass over a text tells about the identifiers it may
// hold. Each flag is necessary for a rule to match, so a false flag skips
// the rule's regular expression.
type summary struct {
	digits bool // any digit
	at     bool // '@', "(at)" or "[at]": an e-mail address
	intl   bool // '+' or "00" starting a number: an international phone
	zero   bool // a number starting with 0 then 1-9: a French phone
	three  bool // exactly three digits: the middle of a SIV plate
	short  bool // 1 to 4 digits then letters then a digit: an FNI plate
}

func summarize(s string) summary {
	var m summary
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '@':
			m.at = true
		case c == '(' || c == '[':
			m.at = m.at || strings.HasPrefix(s[i:], "(at)") || strings.HasPrefix(s[i:], "[at]")
		case c == '+':
			m.intl = true
		case isDigit(c):
			i = m.run(s, i) - 1
		}
	}
	return m
}

// run notes what the run of digits starting at s[i] may begin, and
// returns where the run ends.
func (m *summary) run(s string, i int) int {
	m.digits = true
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	n := j - i
	if i > 0 && isAlnum(s[i-1]) {
		m.three = m.three || n == 3 // ab123cd
		return j
	}
	m.intl = m.intl || n >= 2 && s[i] == '0' && s[i+1] == '0'
	m.zero = m.zero || n >= 2 && s[i] == '0' && s[i+1] != '0'
	m.three = m.three || n == 3
	m.short = m.short || n <= 4 && lettersThenDigit(s, j)
	return j
}

// lettersThenDigit reports whether s[j:] is an optional separator, two or
// three letters, an optional separator and a digit.
func lettersThenDigit(s string, j int) bool {
	j += plateSep(s, j)
	k := j
	for k < len(s) && k-j <= 3 && (s[k]|0x20 >= 'a' && s[k]|0x20 <= 'z') {
		k++
	}
	if k-j < 2 || k-j > 3 {
		return false
	}
	k += plateSep(s, k)
	return k < len(s) && isDigit(s[k])
}

// plateSep is the length of a separator the plate expressions accept at
// s[j] (or a little more: the summary may say yes too often, never no).
func plateSep(s string, j int) int {
	if j < len(s) && isSpace(s[j]) {
		return 1
	}
	return sepLen(s, j)
}
