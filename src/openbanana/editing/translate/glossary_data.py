"""The sign, menu and UI phrase table behind :mod:`~openbanana.editing.translate.glossary` (pure data).

One row per meaning: English phrases (``;``-separated, lower case, ``#`` for a number), then Spanish,
French, German, Italian and Portuguese. Translations are written in the case a sign would use in the
middle of a sentence (German nouns capitalised); the glossary adjusts case to the text it replaces.
"""

#: English phrase(s, ";"-separated) | Spanish | French | German | Italian | Portuguese. ``#`` is a number.
TABLE = """
open | abierto | ouvert | geöffnet | aperto | aberto
closed | cerrado | fermé | geschlossen | chiuso | fechado
open now;now open | abierto ahora | ouvert maintenant | jetzt geöffnet | ora aperto | aberto agora
we're open;we are open | estamos abiertos | nous sommes ouverts | wir haben geöffnet | siamo aperti | estamos abertos
sorry we're closed;sorry we are closed | lo sentimos, estamos cerrados | désolé, nous sommes fermés | leider geschlossen | spiacenti, siamo chiusi | desculpe, estamos fechados
we're closed;we are closed | estamos cerrados | nous sommes fermés | wir haben geschlossen | siamo chiusi | estamos fechados
closed today | cerrado hoy | fermé aujourd'hui | heute geschlossen | chiuso oggi | fechado hoje
open today | abierto hoy | ouvert aujourd'hui | heute geöffnet | aperto oggi | aberto hoje
open daily;open every day | abierto todos los días | ouvert tous les jours | täglich geöffnet | aperto tutti i giorni | aberto todos os dias
open 24/7 | abierto 24 horas | ouvert 24h/24 | 24 Stunden geöffnet | aperto 24 ore su 24 | aberto 24 horas
open # hours | abierto # horas | ouvert # heures | # Stunden geöffnet | aperto # ore | aberto # horas
opening hours;hours;business hours | horario | horaires d'ouverture | Öffnungszeiten | orari di apertura | horário de funcionamento
grand opening | gran inauguración | grande ouverture | große Eröffnung | grande inaugurazione | grande inauguração
grand opening sale | rebajas de inauguración | soldes d'ouverture | Eröffnungsverkauf | saldi di inaugurazione | promoção de inauguração
opening soon;coming soon | próximamente | bientôt | demnächst | prossimamente | em breve
now hiring;help wanted;we're hiring | se busca personal | nous recrutons | wir stellen ein | cercasi personale | estamos contratando
closing down | cierre definitivo | fermeture définitive | Geschäftsaufgabe | chiusura definitiva | encerramento
exit | salida | sortie | Ausgang | uscita | saída
way out | salida | sortie | Ausgang | uscita | saída
emergency exit | salida de emergencia | sortie de secours | Notausgang | uscita di emergenza | saída de emergência
fire exit | salida de incendios | issue de secours | Notausgang | uscita antincendio | saída de incêndio
entrance;entry;way in | entrada | entrée | Eingang | ingresso | entrada
no entry;do not enter | prohibido el paso | entrée interdite | kein Zutritt | vietato l'ingresso | entrada proibida
push | empujar | poussez | drücken | spingere | empurre
pull | tirar | tirez | ziehen | tirare | puxe
welcome | bienvenido | bienvenue | willkommen | benvenuto | bem-vindo
welcome back | bienvenido de nuevo | bon retour | willkommen zurück | bentornato | bem-vindo de volta
welcome to | bienvenido a | bienvenue à | willkommen in | benvenuto a | bem-vindo a
thank you;thanks | gracias | merci | danke | grazie | obrigado
thank you for your visit | gracias por su visita | merci de votre visite | danke für Ihren Besuch | grazie per la visita | obrigado pela visita
please | por favor | s'il vous plaît | bitte | per favore | por favor
sale | rebajas | soldes | Ausverkauf | saldi | promoção
on sale | en oferta | en promotion | im Angebot | in offerta | em promoção
for sale | se vende | à vendre | zu verkaufen | vendesi | vende-se
for rent;to let | se alquila | à louer | zu vermieten | affittasi | aluga-se
clearance | liquidación | liquidation | Räumungsverkauf | svendita | liquidação
special offer;offer | oferta especial | offre spéciale | Sonderangebot | offerta speciale | oferta especial
discount | descuento | réduction | Rabatt | sconto | desconto
#% off | #% de descuento | -# % | # % Rabatt | sconto del #% | #% de desconto
up to #% off | hasta #% de descuento | jusqu'à -# % | bis zu # % Rabatt | fino al #% di sconto | até #% de desconto
half price | mitad de precio | moitié prix | halber Preis | metà prezzo | metade do preço
# for # | # por # | # pour # | # für # | # per # | # por #
buy one get one free | compra uno y llévate otro gratis | un acheté, un offert | kaufe eins, bekomme eins gratis | compri uno, il secondo è gratis | compre um, leve outro grátis
new | nuevo | nouveau | neu | nuovo | novo
new arrivals | novedades | nouveautés | Neuheiten | nuovi arrivi | novidades
new collection | nueva colección | nouvelle collection | neue Kollektion | nuova collezione | nova coleção
free | gratis | gratuit | gratis | gratis | grátis
free wifi;free wi-fi | wifi gratis | wifi gratuit | kostenloses WLAN | wifi gratuito | wi-fi grátis
free delivery;free shipping | envío gratis | livraison gratuite | kostenlose Lieferung | consegna gratuita | entrega grátis
free entry;free admission | entrada gratuita | entrée libre | Eintritt frei | ingresso libero | entrada gratuita
wifi;wi-fi | wifi | wifi | WLAN | wifi | wi-fi
toilets;toilet;restrooms;restroom;wc;bathroom | aseos | toilettes | Toiletten | bagni | banheiros
men;gentlemen | caballeros | hommes | Herren | uomini | homens
women;ladies | señoras | femmes | Damen | donne | mulheres
information;info | información | information | Information | informazioni | informação
reception | recepción | accueil | Rezeption | reception | recepção
parking | aparcamiento | parking | Parkplatz | parcheggio | estacionamento
no parking | prohibido aparcar | stationnement interdit | Parken verboten | divieto di sosta | proibido estacionar
no smoking | prohibido fumar | interdit de fumer | Rauchen verboten | vietato fumare | proibido fumar
smoking area | zona de fumadores | espace fumeurs | Raucherbereich | area fumatori | área de fumantes
danger | peligro | danger | Gefahr | pericolo | perigo
warning | advertencia | avertissement | Warnung | avvertenza | aviso
caution | precaución | attention | Vorsicht | attenzione | cuidado
stop | pare | stop | Halt | stop | pare
slow | despacio | lentement | langsam | rallentare | devagar
keep out | prohibido el paso | défense d'entrer | Zutritt verboten | vietato l'accesso | não entre
private | privado | privé | privat | privato | privado
private property | propiedad privada | propriété privée | Privatgrundstück | proprietà privata | propriedade privada
staff only;employees only | solo personal autorizado | réservé au personnel | nur für Personal | solo personale autorizzato | somente funcionários
out of order | fuera de servicio | hors service | außer Betrieb | fuori servizio | fora de serviço
occupied | ocupado | occupé | besetzt | occupato | ocupado
vacant | libre | libre | frei | libero | livre
reserved | reservado | réservé | reserviert | riservato | reservado
sold out | agotado | épuisé | ausverkauft | esaurito | esgotado
wet floor;caution wet floor | suelo mojado | sol glissant | Rutschgefahr | pavimento bagnato | piso molhado
wet paint | pintura fresca | peinture fraîche | frisch gestrichen | vernice fresca | tinta fresca
under construction | en construcción | en construction | im Bau | in costruzione | em construção
lost and found | objetos perdidos | objets trouvés | Fundbüro | oggetti smarriti | achados e perdidos
elevator;lift | ascensor | ascenseur | Aufzug | ascensore | elevador
stairs | escaleras | escalier | Treppe | scale | escadas
ground floor | planta baja | rez-de-chaussée | Erdgeschoss | piano terra | térreo
floor | planta | étage | Etage | piano | andar
up | arriba | haut | oben | su | acima
down | abajo | bas | unten | giù | abaixo
left | izquierda | gauche | links | sinistra | esquerda
right | derecha | droite | rechts | destra | direita
this way | por aquí | par ici | hier entlang | da questa parte | por aqui
pharmacy | farmacia | pharmacie | Apotheke | farmacia | farmácia
hospital | hospital | hôpital | Krankenhaus | ospedale | hospital
police | policía | police | Polizei | polizia | polícia
bank | banco | banque | Bank | banca | banco
hotel | hotel | hôtel | Hotel | hotel | hotel
restaurant | restaurante | restaurant | Restaurant | ristorante | restaurante
cafe;café;coffee shop | cafetería | café | Café | caffè | café
bakery | panadería | boulangerie | Bäckerei | panetteria | padaria
bar | bar | bar | Bar | bar | bar
shop;store | tienda | magasin | Geschäft | negozio | loja
market | mercado | marché | Markt | mercato | mercado
supermarket | supermercado | supermarché | Supermarkt | supermercato | supermercado
bookshop;bookstore | librería | librairie | Buchhandlung | libreria | livraria
library | biblioteca | bibliothèque | Bibliothek | biblioteca | biblioteca
museum | museo | musée | Museum | museo | museu
school | escuela | école | Schule | scuola | escola
station;train station | estación | gare | Bahnhof | stazione | estação
bus stop | parada de autobús | arrêt de bus | Bushaltestelle | fermata dell'autobus | ponto de ônibus
airport | aeropuerto | aéroport | Flughafen | aeroporto | aeroporto
taxi | taxi | taxi | Taxi | taxi | táxi
tickets;ticket | entradas | billets | Tickets | biglietti | bilhetes
ticket office;box office | taquilla | billetterie | Kasse | biglietteria | bilheteria
cash only | solo efectivo | espèces uniquement | nur Barzahlung | solo contanti | somente dinheiro
cards accepted | se aceptan tarjetas | cartes acceptées | Kartenzahlung möglich | si accettano carte | aceitamos cartões
pay here | pague aquí | payez ici | hier bezahlen | pagare qui | pague aqui
checkout;cashier;till | caja | caisse | Kasse | cassa | caixa
price | precio | prix | Preis | prezzo | preço
prices | precios | prix | Preise | prezzi | preços
total | total | total | Summe | totale | total
monday | lunes | lundi | Montag | lunedì | segunda-feira
tuesday | martes | mardi | Dienstag | martedì | terça-feira
wednesday | miércoles | mercredi | Mittwoch | mercoledì | quarta-feira
thursday | jueves | jeudi | Donnerstag | giovedì | quinta-feira
friday | viernes | vendredi | Freitag | venerdì | sexta-feira
saturday | sábado | samedi | Samstag | sabato | sábado
sunday | domingo | dimanche | Sonntag | domenica | domingo
mon | lun | lun | Mo | lun | seg
tue;tues | mar | mar | Di | mar | ter
wed | mié | mer | Mi | mer | qua
thu;thurs | jue | jeu | Do | gio | qui
fri | vie | ven | Fr | ven | sex
sat | sáb | sam | Sa | sab | sáb
sun | dom | dim | So | dom | dom
january | enero | janvier | Januar | gennaio | janeiro
february | febrero | février | Februar | febbraio | fevereiro
march | marzo | mars | März | marzo | março
april | abril | avril | April | aprile | abril
may | mayo | mai | Mai | maggio | maio
june | junio | juin | Juni | giugno | junho
july | julio | juillet | Juli | luglio | julho
august | agosto | août | August | agosto | agosto
september | septiembre | septembre | September | settembre | setembro
october | octubre | octobre | Oktober | ottobre | outubro
november | noviembre | novembre | November | novembre | novembro
december | diciembre | décembre | Dezember | dicembre | dezembro
today | hoy | aujourd'hui | heute | oggi | hoje
tomorrow | mañana | demain | morgen | domani | amanhã
tonight | esta noche | ce soir | heute Abend | stasera | hoje à noite
now | ahora | maintenant | jetzt | ora | agora
daily;every day | todos los días | tous les jours | täglich | tutti i giorni | todos os dias
weekends | fines de semana | week-ends | Wochenende | fine settimana | fins de semana
weekdays | días laborables | en semaine | werktags | giorni feriali | dias úteis
morning | mañana | matin | Morgen | mattina | manhã
afternoon | tarde | après-midi | Nachmittag | pomeriggio | tarde
evening | tarde | soir | Abend | sera | noite
night | noche | nuit | Nacht | notte | noite
breakfast | desayuno | petit-déjeuner | Frühstück | colazione | café da manhã
lunch | almuerzo | déjeuner | Mittagessen | pranzo | almoço
dinner | cena | dîner | Abendessen | cena | jantar
brunch | brunch | brunch | Brunch | brunch | brunch
menu | menú | menu | Speisekarte | menù | cardápio
today's special;dish of the day;special of the day | plato del día | plat du jour | Tagesgericht | piatto del giorno | prato do dia
specials | especialidades | spécialités | Spezialitäten | specialità | especialidades
coffee | café | café | Kaffee | caffè | café
fresh coffee | café recién hecho | café frais | frischer Kaffee | caffè fresco | café fresco
iced coffee | café helado | café glacé | Eiskaffee | caffè freddo | café gelado
tea | té | thé | Tee | tè | chá
water | agua | eau | Wasser | acqua | água
milk | leche | lait | Milch | latte | leite
juice | zumo | jus | Saft | succo | suco
orange juice | zumo de naranja | jus d'orange | Orangensaft | succo d'arancia | suco de laranja
hot chocolate | chocolate caliente | chocolat chaud | heiße Schokolade | cioccolata calda | chocolate quente
chocolate | chocolate | chocolat | Schokolade | cioccolato | chocolate
beer | cerveza | bière | Bier | birra | cerveja
wine | vino | vin | Wein | vino | vinho
red wine | vino tinto | vin rouge | Rotwein | vino rosso | vinho tinto
white wine | vino blanco | vin blanc | Weißwein | vino bianco | vinho branco
drinks;beverages | bebidas | boissons | Getränke | bevande | bebidas
food | comida | nourriture | Essen | cibo | comida
bread | pan | pain | Brot | pane | pão
fresh bread | pan recién hecho | pain frais | frisches Brot | pane fresco | pão fresco
cake | pastel | gâteau | Kuchen | torta | bolo
cakes | pasteles | gâteaux | Kuchen | torte | bolos
pastries | pasteles | pâtisseries | Gebäck | pasticcini | doces
croissant;croissants | cruasán | croissant | Croissant | cornetto | croissant
sandwich;sandwiches | bocadillos | sandwichs | Sandwiches | panini | sanduíches
pizza | pizza | pizza | Pizza | pizza | pizza
pasta | pasta | pâtes | Nudeln | pasta | massa
salad | ensalada | salade | Salat | insalata | salada
soup | sopa | soupe | Suppe | zuppa | sopa
chicken | pollo | poulet | Hähnchen | pollo | frango
beef | ternera | bœuf | Rindfleisch | manzo | carne bovina
pork | cerdo | porc | Schweinefleisch | maiale | porco
fish | pescado | poisson | Fisch | pesce | peixe
seafood | marisco | fruits de mer | Meeresfrüchte | frutti di mare | frutos do mar
cheese | queso | fromage | Käse | formaggio | queijo
eggs | huevos | œufs | Eier | uova | ovos
rice | arroz | riz | Reis | riso | arroz
fries;chips | patatas fritas | frites | Pommes | patatine fritte | batatas fritas
burger;burgers;hamburger | hamburguesa | burger | Burger | hamburger | hambúrguer
ice cream | helado | glace | Eis | gelato | sorvete
dessert;desserts | postres | desserts | Nachtisch | dolci | sobremesas
fruit | fruta | fruits | Obst | frutta | fruta
vegetables | verduras | légumes | Gemüse | verdure | legumes
fresh fruit | fruta fresca | fruits frais | frisches Obst | frutta fresca | fruta fresca
sugar | azúcar | sucre | Zucker | zucchero | açúcar
salt | sal | sel | Salz | sale | sal
vegetarian | vegetariano | végétarien | vegetarisch | vegetariano | vegetariano
vegan | vegano | végan | vegan | vegano | vegano
gluten free;gluten-free | sin gluten | sans gluten | glutenfrei | senza glutine | sem glúten
organic | ecológico | bio | Bio | biologico | orgânico
homemade;home made | casero | fait maison | hausgemacht | fatto in casa | caseiro
fresh | fresco | frais | frisch | fresco | fresco
hot | caliente | chaud | heiß | caldo | quente
cold | frío | froid | kalt | freddo | frio
small | pequeño | petit | klein | piccolo | pequeno
medium | mediano | moyen | mittel | medio | médio
large | grande | grand | groß | grande | grande
take away;takeaway;to go;take out | para llevar | à emporter | zum Mitnehmen | da asporto | para viagem
delivery | entrega a domicilio | livraison | Lieferung | consegna a domicilio | entrega
happy hour | hora feliz | happy hour | Happy Hour | happy hour | happy hour
best | mejor | meilleur | beste | migliore | melhor
the best | el mejor | le meilleur | der beste | il migliore | o melhor
best seller;bestseller | más vendido | meilleure vente | Bestseller | più venduto | mais vendido
quality | calidad | qualité | Qualität | qualità | qualidade
hello;hi | hola | bonjour | hallo | ciao | olá
goodbye;bye | adiós | au revoir | auf Wiedersehen | arrivederci | tchau
good morning | buenos días | bonjour | guten Morgen | buongiorno | bom dia
good night | buenas noches | bonne nuit | gute Nacht | buonanotte | boa noite
happy birthday | feliz cumpleaños | joyeux anniversaire | alles Gute zum Geburtstag | buon compleanno | feliz aniversário
merry christmas | feliz navidad | joyeux Noël | frohe Weihnachten | buon Natale | feliz Natal
happy new year | feliz año nuevo | bonne année | frohes neues Jahr | felice anno nuovo | feliz ano novo
happy holidays | felices fiestas | joyeuses fêtes | frohe Feiertage | buone feste | boas festas
congratulations | enhorabuena | félicitations | herzlichen Glückwunsch | congratulazioni | parabéns
love | amor | amour | Liebe | amore | amor
yes | sí | oui | ja | sì | sim
no | no | non | nein | no | não
and | y | et | und | e | e
or | o | ou | oder | o | ou
with | con | avec | mit | con | com
without | sin | sans | ohne | senza | sem
for | para | pour | für | per | para
from | desde | de | ab | da | de
to;until | hasta | à | bis | a | até
up to | hasta | jusqu'à | bis zu | fino a | até
of | de | de | von | di | de
in | en | dans | in | in | em
at | en | à | bei | a | em
here | aquí | ici | hier | qui | aqui
only | solo | seulement | nur | solo | somente
all | todo | tout | alle | tutto | tudo
everything | todo | tout | alles | tutto | tudo
more | más | plus | mehr | più | mais
less | menos | moins | weniger | meno | menos
one | uno | un | eins | uno | um
two | dos | deux | zwei | due | dois
three | tres | trois | drei | tre | três
four | cuatro | quatre | vier | quattro | quatro
five | cinco | cinq | fünf | cinque | cinco
six | seis | six | sechs | sei | seis
seven | siete | sept | sieben | sette | sete
eight | ocho | huit | acht | otto | oito
nine | nueve | neuf | neun | nove | nove
ten | diez | dix | zehn | dieci | dez
twenty | veinte | vingt | zwanzig | venti | vinte
fifty | cincuenta | cinquante | fünfzig | cinquanta | cinquenta
hundred;one hundred | cien | cent | hundert | cento | cem
percent | por ciento | pour cent | Prozent | per cento | por cento
home | inicio | accueil | Startseite | home | início
search | buscar | rechercher | suchen | cerca | pesquisar
settings | ajustes | paramètres | Einstellungen | impostazioni | configurações
log in;login;sign in | iniciar sesión | se connecter | anmelden | accedi | entrar
log out;logout;sign out | cerrar sesión | se déconnecter | abmelden | esci | sair
sign up;register | registrarse | s'inscrire | registrieren | registrati | cadastre-se
submit | enviar | envoyer | absenden | invia | enviar
send | enviar | envoyer | senden | invia | enviar
cancel | cancelar | annuler | abbrechen | annulla | cancelar
save | guardar | enregistrer | speichern | salva | salvar
delete | eliminar | supprimer | löschen | elimina | excluir
edit | editar | modifier | bearbeiten | modifica | editar
back | atrás | retour | zurück | indietro | voltar
next | siguiente | suivant | weiter | avanti | próximo
previous | anterior | précédent | zurück | precedente | anterior
continue | continuar | continuer | weiter | continua | continuar
close | cerrar | fermer | schließen | chiudi | fechar
ok;okay | aceptar | OK | OK | OK | OK
download | descargar | télécharger | herunterladen | scarica | baixar
upload | subir | téléverser | hochladen | carica | enviar
share | compartir | partager | teilen | condividi | compartilhar
contact | contacto | contact | Kontakt | contatti | contato
contact us | contáctanos | contactez-nous | kontaktieren Sie uns | contattaci | fale conosco
about;about us | sobre nosotros | à propos | über uns | chi siamo | sobre nós
help | ayuda | aide | Hilfe | aiuto | ajuda
profile | perfil | profil | Profil | profilo | perfil
account | cuenta | compte | Konto | account | conta
cart;shopping cart;basket | carrito | panier | Warenkorb | carrello | carrinho
add to cart | añadir al carrito | ajouter au panier | in den Warenkorb | aggiungi al carrello | adicionar ao carrinho
buy now | comprar ahora | acheter maintenant | jetzt kaufen | acquista ora | compre agora
order now | pide ahora | commandez maintenant | jetzt bestellen | ordina ora | peça agora
subscribe | suscribirse | s'abonner | abonnieren | iscriviti | inscreva-se
learn more;read more;find out more | más información | en savoir plus | mehr erfahren | scopri di più | saiba mais
see all;view all | ver todo | tout voir | alle anzeigen | vedi tutto | ver tudo
get started | empezar | commencer | loslegen | inizia | começar
start | inicio | démarrer | Start | inizio | iniciar
try it free;try for free | pruébalo gratis | essai gratuit | kostenlos testen | prova gratis | experimente grátis
name | nombre | nom | Name | nome | nome
email;e-mail | correo electrónico | e-mail | E-Mail | email | e-mail
password | contraseña | mot de passe | Passwort | password | senha
message | mensaje | message | Nachricht | messaggio | mensagem
loading | cargando | chargement | wird geladen | caricamento | carregando
error | error | erreur | Fehler | errore | erro
success | éxito | succès | Erfolg | successo | sucesso
done | hecho | terminé | fertig | fatto | concluído
accept | aceptar | accepter | akzeptieren | accetta | aceitar
decline | rechazar | refuser | ablehnen | rifiuta | recusar
language | idioma | langue | Sprache | lingua | idioma
street | calle | rue | Straße | via | rua
avenue | avenida | avenue | Allee | viale | avenida
city centre;city center;downtown | centro | centre-ville | Stadtzentrum | centro città | centro
north | norte | nord | Norden | nord | norte
south | sur | sud | Süden | sud | sul
east | este | est | Osten | est | leste
west | oeste | ouest | Westen | ovest | oeste
beach | playa | plage | Strand | spiaggia | praia
park | parque | parc | Park | parco | parque
garden | jardín | jardin | Garten | giardino | jardim
zoo | zoológico | zoo | Zoo | zoo | zoológico
church | iglesia | église | Kirche | chiesa | igreja
post office | correos | bureau de poste | Post | ufficio postale | correios
city | ciudad | ville | Stadt | città | cidade
town hall | ayuntamiento | mairie | Rathaus | municipio | prefeitura
world | mundo | monde | Welt | mondo | mundo
house | casa | maison | Haus | casa | casa
family | familia | famille | Familie | famiglia | família
friends | amigos | amis | Freunde | amici | amigos
party | fiesta | fête | Party | festa | festa
live music | música en directo | musique live | Live-Musik | musica dal vivo | música ao vivo
music | música | musique | Musik | musica | música
concert | concierto | concert | Konzert | concerto | concerto
festival | festival | festival | Festival | festival | festival
event | evento | événement | Veranstaltung | evento | evento
summer | verano | été | Sommer | estate | verão
winter | invierno | hiver | Winter | inverno | inverno
spring | primavera | printemps | Frühling | primavera | primavera
autumn;fall | otoño | automne | Herbst | autunno | outono
summer sale | rebajas de verano | soldes d'été | Sommerschlussverkauf | saldi estivi | liquidação de verão
winter sale | rebajas de invierno | soldes d'hiver | Winterschlussverkauf | saldi invernali | liquidação de inverno
big sale | grandes rebajas | grandes soldes | großer Ausverkauf | grandi saldi | grande liquidação
everything must go | liquidación total | tout doit disparaître | alles muss raus | svendita totale | liquidação total
limited time | tiempo limitado | durée limitée | nur für kurze Zeit | tempo limitato | tempo limitado
limited edition | edición limitada | édition limitée | limitierte Auflage | edizione limitata | edição limitada
good | bueno | bon | gut | buono | bom
great | genial | super | toll | ottimo | ótimo
big | grande | grand | groß | grande | grande
beautiful | hermoso | beau | schön | bello | bonito
happy | feliz | heureux | glücklich | felice | feliz
street food | comida callejera | cuisine de rue | Streetfood | cibo di strada | comida de rua
"""  # noqa: E501
