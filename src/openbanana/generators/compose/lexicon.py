"""Word lists the planner uses: colours, scene keywords, numbers, synonyms and stop words."""

from __future__ import annotations

COLORS: dict[str, str] = {
    "red": "#e53935",
    "crimson": "#c62840",
    "scarlet": "#ff2400",
    "maroon": "#7b1e2b",
    "burgundy": "#800d2e",
    "orange": "#fb8c00",
    "amber": "#ffb300",
    "yellow": "#fdd835",
    "gold": "#d4a017",
    "golden": "#d4a017",
    "green": "#43a047",
    "lime": "#9ccc65",
    "olive": "#7c8b2e",
    "emerald": "#1e9e6a",
    "mint": "#98e3c3",
    "teal": "#00897b",
    "turquoise": "#26c6da",
    "cyan": "#00bcd4",
    "aqua": "#4dd0e1",
    "blue": "#1e88e5",
    "navy": "#1a237e",
    "azure": "#3c9df0",
    "indigo": "#3949ab",
    "purple": "#8e24aa",
    "violet": "#7e57c2",
    "lavender": "#b39ddb",
    "magenta": "#d81b60",
    "pink": "#f06292",
    "rose": "#e8788a",
    "coral": "#ff7f6b",
    "peach": "#ffb38a",
    "brown": "#6d4c41",
    "beige": "#e8d9b5",
    "cream": "#f7f0dc",
    "tan": "#d2b48c",
    "black": "#111111",
    "white": "#fafafa",
    "gray": "#9e9e9e",
    "grey": "#9e9e9e",
    "silver": "#c0c0c8",
    "charcoal": "#36393f",
}

#: Curated background palettes (top/left colour first). The seed picks one when the prompt names none.
PALETTES: tuple[tuple[str, ...], ...] = (
    ("#ffecd2", "#fcb69f"),
    ("#a1c4fd", "#c2e9fb"),
    ("#d4fc79", "#96e6a1"),
    ("#fbc2eb", "#a6c1ee"),
    ("#fdfbfb", "#ebedee"),
    ("#f6d365", "#fda085"),
    ("#84fab0", "#8fd3f4"),
    ("#e0c3fc", "#8ec5fc"),
    ("#43cea2", "#185a9d"),
    ("#ff9a9e", "#fecfef"),
    ("#30cfd0", "#330867"),
    ("#0f2027", "#2c5364"),
    ("#ee9ca7", "#ffdde1"),
    ("#c79081", "#dfa579"),
    ("#13547a", "#80d0c7"),
    ("#fa709a", "#fee140"),
)

#: keyword → setting (what the scene shows; the first setting word other than "sky" wins).
SCENES: dict[str, str] = {
    "sky": "sky", "skies": "sky", "cloud": "sky", "clouds": "sky", "cloudy": "sky", "sunny": "sky",
    "daytime": "sky", "fly": "sky", "flying": "sky",
    "beach": "beach", "beaches": "beach", "seaside": "beach", "coast": "beach", "shore": "beach",
    "island": "beach", "surf": "beach", "surfing": "beach",
    "sea": "sea", "ocean": "sea", "waves": "sea", "harbor": "sea", "harbour": "sea", "sailing": "sea",
    "lake": "lake", "river": "lake", "pond": "lake",
    "underwater": "underwater", "reef": "underwater", "aquarium": "underwater",
    "city": "city", "town": "city", "street": "city", "downtown": "city", "skyline": "city", "urban": "city",
    "metropolis": "city",
    "forest": "forest", "woods": "forest", "jungle": "forest", "camping": "forest", "hiking": "forest",
    "park": "park", "garden": "park", "meadow": "park", "field": "park", "countryside": "park",
    "farm": "park", "lawn": "park", "picnic": "park",
    "mountain": "mountain", "mountains": "mountain", "alps": "mountain", "hills": "mountain",
    "snow": "snow", "snowy": "snow", "winter": "snow", "christmas": "snow", "ski": "snow", "frozen": "snow",
    "desert": "desert", "sand": "desert", "dunes": "desert", "sahara": "desert",
    "space": "space", "galaxy": "space", "cosmic": "space", "universe": "space", "cosmos": "space",
    "room": "room", "indoors": "room", "indoor": "room", "interior": "room", "living": "room",
    "bedroom": "bedroom", "office": "office", "workspace": "office", "kitchen": "kitchen",
    "studio": "studio", "cafe": "cafe", "restaurant": "cafe",
}  # fmt: skip

#: keyword → time of day (day | sunset | night).
TIMES: dict[str, str] = {
    "night": "night", "nighttime": "night", "starry": "night", "stars": "night", "midnight": "night",
    "moonlit": "night", "moon": "night", "tonight": "night",
    "sunset": "sunset", "sunrise": "sunset", "dusk": "sunset", "dawn": "sunset", "evening": "sunset",
    "twilight": "sunset",
    "day": "day", "daytime": "day", "sunny": "day", "morning": "day", "noon": "day",
}  # fmt: skip

NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "single": 1, "lone": 1, "two": 2, "pair": 2, "couple": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "dozen": 12, "several": 3, "few": 3, "many": 6, "some": 3,
}  # fmt: skip

MAX_INSTANCES = 12

#: Extra words → icon names (targets missing from the set are ignored).
ASSET_SYNONYMS: dict[str, str] = {
    "puppy": "dog", "pup": "dog", "doggy": "dog", "doggo": "dog", "hound": "dog",
    "kitten": "cat", "kitty": "cat", "kittie": "cat",
    "bunny": "rabbit", "hare": "rabbit", "apple": "red-apple", "car": "automobile", "auto": "automobile",
    "bike": "bicycle", "plane": "airplane", "aeroplane": "airplane", "jet": "airplane",
    "flower": "tulip", "tulip": "tulip", "sunflower": "sunflower", "heart": "red-heart", "love": "red-heart",
    "star": "star", "sun": "sun", "tree": "deciduous-tree", "pine": "evergreen-tree",
    "palm": "palm-tree", "mountain": "mountain", "house": "house", "home": "house-with-garden",
    "coffee": "hot-beverage", "tea": "teacup-without-handle", "cake": "birthday-cake", "burger": "hamburger",
    "fries": "french-fries", "soda": "cup-with-straw", "beer": "beer-mug", "wine": "wine-glass",
    "gift": "wrapped-gift", "present": "wrapped-gift", "party": "party-popper", "confetti": "confetti-ball",
    "music": "musical-note", "note": "musical-note", "song": "musical-notes", "phone": "mobile-phone",
    "computer": "laptop", "pc": "desktop-computer", "book": "open-book", "money": "money-bag",
    "cash": "dollar-banknote", "trophy": "trophy", "medal": "1st-place-medal", "fire": "fire", "flame": "fire",
    "boat": "sailboat", "ship": "ship", "train": "locomotive", "fish": "tropical-fish", "whale": "spouting-whale",
    "turtle": "turtle", "bird": "bird", "chick": "hatching-chick", "unicorn": "unicorn", "dino": "sauropod",
    "dinosaur": "t-rex", "butterfly": "butterfly", "bee": "honeybee", "ladybug": "lady-beetle",
    "snowman": "snowman", "snowflake": "snowflake", "umbrella": "umbrella", "rainbow": "rainbow",
    "balloon": "balloon", "kite": "kite", "moon": "crescent-moon", "planet": "ringed-planet",
    "earth": "globe-showing-europe-africa", "globe": "globe-showing-americas", "world": "globe-showing-americas",
    "cloud": "cloud", "rain": "cloud-with-rain", "lightning": "high-voltage", "bolt": "high-voltage",
    "sparkle": "sparkles", "glitter": "sparkles", "magic": "magic-wand", "crown": "crown", "king": "crown",
    "robot": "robot", "alien": "alien", "ghost": "ghost", "pumpkin": "jack-o-lantern", "skull": "skull",
    "shoe": "running-shoe", "sneaker": "running-shoe", "hat": "top-hat", "ball": "soccer-ball",
    "football": "soccer-ball", "soccer": "soccer-ball", "guitar": "guitar", "piano": "musical-keyboard",
    "camera": "camera", "clock": "alarm-clock", "watch": "watch", "key": "key", "lock": "locked",
    "idea": "light-bulb", "bulb": "light-bulb", "lightbulb": "light-bulb", "lamp": "light-bulb",
    "pizza": "pizza", "taco": "taco", "sushi": "sushi", "ramen": "steaming-bowl", "noodle": "steaming-bowl",
    "icecream": "soft-ice-cream", "donut": "doughnut", "cookie": "cookie", "cupcake": "cupcake",
    "strawberry": "strawberry", "cherry": "cherries", "grape": "grapes", "lemon": "lemon",
    "orange": "tangerine", "tangerine": "tangerine", "banana": "banana", "watermelon": "watermelon",
    "carrot": "carrot", "tomato": "tomato", "avocado": "avocado", "bread": "bread", "cheese": "cheese-wedge",
    "egg": "egg", "chocolate": "chocolate-bar", "candy": "candy", "lollipop": "lollipop",
    "mushroom": "mushroom", "leaf": "leaf-fluttering-in-wind", "cactus": "cactus", "rose": "rose",
    "castle": "castle", "city": "cityscape", "building": "office-building", "school": "school",
    "hospital": "hospital", "rocket": "rocket", "bicycle": "bicycle", "bus": "bus", "truck": "delivery-truck",
    "taxi": "taxi", "police": "police-car", "helicopter": "helicopter", "owl": "owl", "penguin": "penguin",
    "panda": "panda", "bear": "bear", "teddy": "teddy-bear", "lion": "lion", "tiger": "tiger-face",
    "fox": "fox", "wolf": "wolf", "horse": "horse", "cow": "cow", "pig": "pig", "sheep": "ewe",
    "lamb": "ewe", "goat": "goat", "chicken": "chicken", "duck": "duck", "frog": "frog", "snake": "snake",
    "monkey": "monkey", "elephant": "elephant", "giraffe": "giraffe", "zebra": "zebra", "koala": "koala",
    "mouse": "mouse", "hamster": "hamster", "octopus": "octopus", "dolphin": "dolphin", "shark": "shark",
    "crab": "crab", "shell": "spiral-shell", "tent": "tent", "mail": "envelope", "letter": "envelope",
    "email": "e-mail", "check": "check-mark-button", "checkmark": "check-mark-button", "warning": "warning",
    "diamond": "gem-stone", "gem": "gem-stone", "jewel": "gem-stone", "ring": "ring", "bell": "bell",
    "candle": "candle", "tooth": "tooth", "brain": "brain", "dragon": "dragon", "wizard": "mage",
    "pen": "pen", "pencil": "pencil", "paint": "artist-palette", "art": "artist-palette",
    "popcorn": "popcorn", "movie": "clapper-board", "film": "film-frames", "game": "video-game",
    "controller": "video-game", "dice": "game-die", "die": "game-die", "bag": "shopping-bags",
    "shopping": "shopping-bags", "cart": "shopping-cart", "tag": "label", "cup": "hot-beverage",
    "mug": "hot-beverage", "espresso": "hot-beverage", "latte": "hot-beverage",
}  # fmt: skip

#: Words that never become illustrations (layout / style / instruction vocabulary).
NOT_ASSETS: frozenset[str] = frozenset(
    """
    a an the and or of with without in on at to for from by as is are be it its this that these those
    background backdrop text title subtitle caption label labels heading headline tagline word words
    letter letters lettering font typography poster banner flyer sign image picture photo illustration
    drawing render style color colour colors colours make made add put show showing use using please
    create draw design logo card cover page strip bold italic big large small tiny huge bright dark
    light pale soft left right top bottom center centre middle side corner blue red green yellow orange
    purple pink white black gray grey brown gold silver vibrant pastel neon minimal modern retro elegant
    playful simple clean say says saying read reads reading written write writes wording quote quoted
    quotes mark marks up down new old one two three four five six seven eight nine ten some many few
    several couple pair dozen lot lots also again instead now then but just only very more less same
    other another different here there screen display front back face person people man woman hand
    button symbol type night day daytime sky skies sea ocean beach forest woods jungle park garden
    meadow field countryside sunset sunrise dusk dawn evening snow snowy winter desert sand dunes space
    galaxy cosmic water scene landscape view opening grand welcome happy today tomorrow sunny cloudy
    seaside coast shore lake river pond underwater reef city town street downtown skyline urban
    metropolis mountain mountains alps hills universe cosmos room indoors indoor interior living bedroom
    office workspace kitchen studio cafe restaurant twilight evening nighttime midnight
    """.split()  # noqa: SIM905
)

#: Leading words that make "<x>-<noun>" a poor generic representative of <noun>.
NOT_A_MODIFIER: frozenset[str] = frozenset({"no", "non", "hand", "face", "backhand", "index", "person", "man"})

#: Words that negate a following noun ("no dogs", "without the cat", "remove the tree").
NEGATIONS: frozenset[str] = frozenset(
    {"no", "not", "t", "never", "without", "remove", "delete", "drop", "minus", "except", "nothing"}
)

BACKGROUND_WORDS: frozenset[str] = frozenset({"background", "backdrop", "bg", "sky", "backgrounds"})
TEXT_WORDS: frozenset[str] = frozenset({"text", "letters", "lettering", "font", "words", "writing", "type"})

#: Style words (prompt or system instruction) → palette/finish modifiers.
STYLES: dict[str, str] = {
    "dark": "dark", "night": "dark", "moody": "dark", "noir": "dark",
    "pastel": "pastel", "soft": "pastel", "gentle": "pastel", "cute": "pastel", "kawaii": "pastel",
    "vibrant": "vibrant", "bold": "vibrant", "bright": "vibrant", "colorful": "vibrant", "colourful": "vibrant",
    "neon": "neon", "cyberpunk": "neon", "synthwave": "neon", "retro": "retro", "vintage": "retro",
    "minimal": "minimal", "minimalist": "minimal", "clean": "minimal", "flat": "minimal", "simple": "minimal",
    "elegant": "elegant", "luxury": "elegant", "classy": "elegant", "playful": "playful", "fun": "playful",
}  # fmt: skip

ROLE_HINTS: dict[str, str] = {
    "title": "title", "headline": "title", "heading": "title", "header": "title",
    "subtitle": "subtitle", "subheading": "subtitle", "tagline": "subtitle", "slogan": "subtitle",
    "caption": "label", "label": "label", "footer": "label", "byline": "label",
}  # fmt: skip


def singular_forms(word: str) -> list[str]:
    """``word`` followed by plausible singular forms (puppies → puppy, boxes → box, apples → apple)."""
    forms = [word]
    if len(word) > 3 and word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if len(word) > 3 and word.endswith("ves"):
        forms += [word[:-3] + "f", word[:-3] + "fe"]
    if len(word) > 3 and word.endswith(("ches", "shes", "xes", "ses", "zes", "oes")):
        forms.append(word[:-2])
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    irregular = {"mice": "mouse", "geese": "goose", "children": "child", "men": "man", "women": "woman",
                 "people": "person", "teeth": "tooth", "feet": "foot", "sheep": "sheep", "fish": "fish",
                 "oxen": "ox", "cacti": "cactus"}  # fmt: skip
    if word in irregular:
        forms.append(irregular[word])
    return forms
