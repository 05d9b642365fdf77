package bot

// moreLoss and moreDamage tell what happened to a document in words that
// readEvent's single words miss, so that the decision tree does not ask
// "perdue, volée ou abîmée ?" when the message said it: "plus moyen de
// retrouver la carte grise", "ma cg est passée à la machine", "jtrouve
// plu la carte grize". Only phrases that say it whatever follows: "je ne
// trouve pas le formulaire" is no loss.
var (
	moreLoss = phrases("plus moyen de retrouver", "plus moyen de la retrouver", "plus moyen de le retrouver",
		"trouve plu", "retrouve plu", "jtrouve plu", "jtrouve plus", "jretrouve plus", "jretrouve plu")
	moreDamage = phrases("passe a la machine", "passee a la machine", "passe au lave linge", "passee au lave linge",
		"pris l eau", "lit plus rien", "on lit plus", "on ne lit plus", "decolore", "decoloree",
		"devenues invisibles", "devenu invisible", "devenue invisible")
)

// moreEvent adds what moreLoss and moreDamage tell to readEvent's finding.
func moreEvent(w []string, loss, damage bool) (bool, bool) {
	return loss || anyOf(w, moreLoss), damage || anyOf(w, moreDamage)
}
