package search

// AnswerAll parses and answers every text in one AnalogyBatch, one
// QueryAnswer per text in order; a text that does not parse, or cannot be
// answered, gets its error in Error and leaves the others unaffected.
func (s *Store) AnswerAll(texts []string, opt Options) []QueryAnswer {
	parseErrs := make([]error, len(texts))
	var ok []Expression
	for i, t := range texts {
		var e Expression
		e, parseErrs[i] = ParseExpression(t)
		if parseErrs[i] == nil {
			ok = append(ok, e)
		}
	}
	answers, errs := s.AnalogyBatch(ok, opt)
	out := make([]QueryAnswer, len(texts))
	j := 0
	for i, t := range texts {
		out[i] = QueryAnswer{Query: t}
		err := parseErrs[i]
		if err == nil {
			if err = errs[j]; err == nil {
				out[i] = NewQueryAnswer(t, s.Kind(), opt.Metric, answers[j])
			}
			j++
		}
		if err != nil {
			out[i].Error = err.Error()
		}
	}
	return out
}
