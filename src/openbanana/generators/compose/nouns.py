"""English noun data: which illustration a word stands for, plural forms, natural sizes and props.

Everything here is a table, so another language adds its own module with the same names (synonyms,
irregular plurals, colour nouns) and the reader code stays as it is. Icon names are those of the
vendored Fluent Emoji set; targets missing from the set are ignored by the library index.
"""

from __future__ import annotations

#: Extra words → icon names. Most icons are found by their own name or the head noun of their name
#: ("red-apple" → apple); this table adds synonyms, the icon to prefer where several fit, and the nouns
#: whose obvious name is not an icon.
ASSET_SYNONYMS: dict[str, str] = {
    # people
    "person": "person-standing", "people": "person-standing", "human": "person-standing",
    "man": "man-standing", "guy": "man-standing", "gentleman": "man-standing",
    "woman": "woman-standing", "lady": "woman-standing", "kid": "child", "toddler": "baby",
    "family": "people-hugging", "friends": "people-hugging", "friend": "people-hugging",
    "doctor": "health-worker", "nurse": "health-worker", "chef": "cook", "policeman": "police-officer",
    "policewoman": "police-officer", "cop": "police-officer", "police": "police-officer",
    "officer": "police-officer", "king": "person-with-crown", "queen": "person-with-crown",
    "wizard": "person-mage", "witch": "person-mage", "mage": "person-mage", "santa": "santa-claus",
    "fairy": "person-fairy", "mermaid": "person-merpeople", "superhero": "person-superhero",
    "vampire": "person-vampire", "zombie": "person-zombie", "runner": "person-running",
    "swimmer": "person-swimming", "surfer": "person-surfing", "cyclist": "person-biking",
    "dancer": "woman-dancing", "engineer": "technologist", "programmer": "technologist",
    "developer": "technologist", "coder": "technologist", "worker": "office-worker",
    # animals
    "retriever": "dog", "labrador": "dog", "terrier": "dog", "corgi": "dog", "husky": "dog", "beagle": "dog",
    "bulldog": "dog", "dachshund": "dog", "shepherd": "dog", "tabby": "cat", "puppy": "dog", "pup": "dog",
    "doggy": "dog", "doggo": "dog", "hound": "dog",
    "kitten": "cat", "kitty": "cat", "kittie": "cat", "bunny": "rabbit", "hare": "rabbit",
    "sheep": "ewe", "lamb": "ewe", "hen": "chicken", "squirrel": "chipmunk", "tiger": "tiger",
    "whale": "spouting-whale", "fish": "tropical-fish", "goldfish": "tropical-fish", "chick": "hatching-chick",
    "dino": "sauropod", "dinosaur": "t-rex", "bee": "honeybee", "ladybug": "lady-beetle",
    "ladybird": "lady-beetle", "pony": "horse", "bull": "ox", "calf": "cow", "ape": "gorilla",
    "puffin": "penguin", "hippo": "hippopotamus", "rhino": "rhinoceros", "croc": "crocodile",
    "alligator": "crocodile", "caterpillar": "bug", "insect": "bug", "bug": "bug", "reindeer": "deer",
    "seagull": "bird", "gull": "bird", "pigeon": "dove", "sparrow": "bird", "robin": "bird",
    "crow": "blackbird", "raven": "blackbird", "jellyfish": "jellyfish",
    # food and drink
    "apple": "red-apple", "orange": "tangerine", "berry": "blueberries", "berries": "blueberries",
    "cherry": "cherries", "grape": "grapes", "burger": "hamburger", "fries": "french-fries",
    "coffee": "hot-beverage", "tea": "teacup-without-handle", "cake": "birthday-cake",
    "soda": "cup-with-straw", "beer": "beer-mug", "wine": "wine-glass", "juice": "beverage-box",
    "cocktail": "cocktail-glass", "soup": "pot-of-food", "stew": "pot-of-food", "rice": "cooked-rice",
    "ramen": "steaming-bowl", "noodle": "steaming-bowl", "pasta": "spaghetti", "icecream": "soft-ice-cream",
    "donut": "doughnut", "cheese": "cheese-wedge", "chocolate": "chocolate-bar", "corn": "ear-of-corn",
    "steak": "cut-of-meat", "meat": "cut-of-meat", "pepper": "bell-pepper", "chili": "hot-pepper",
    "nut": "chestnut", "honey": "honey-pot", "drink": "tropical-drink",
    "smoothie": "cup-with-straw", "boba": "bubble-tea", "salad": "green-salad", "pancake": "pancakes",
    "cup": "hot-beverage", "mug": "hot-beverage", "espresso": "hot-beverage", "latte": "hot-beverage",
    "teapot": "teapot", "bottle": "bottle-with-popping-cork", "champagne": "bottle-with-popping-cork",
    "glass": "wine-glass", "plate": "fork-and-knife-with-plate", "bowl": "bowl-with-spoon",
    "milk": "glass-of-milk", "pie": "pie", "dessert": "shortcake",
    # vehicles
    "car": "automobile", "auto": "automobile", "automobile": "automobile", "jeep": "sport-utility-vehicle",
    "suv": "sport-utility-vehicle", "van": "minibus", "truck": "delivery-truck", "lorry": "articulated-lorry",
    "bike": "bicycle", "motorbike": "motorcycle", "scooter": "motor-scooter", "plane": "airplane",
    "aeroplane": "airplane", "jet": "airplane", "airliner": "airplane", "boat": "sailboat", "yacht": "sailboat",
    "train": "locomotive", "tram": "tram", "subway": "metro", "spaceship": "rocket", "ufo": "flying-saucer",
    "firetruck": "fire-engine", "racecar": "racing-car", "skateboard": "skateboard", "canoe": "canoe",
    "kayak": "canoe",
    # buildings and places
    "house": "house", "home": "house-with-garden", "cottage": "house-with-garden", "cabin": "hut",
    "barn": "house", "building": "office-building", "skyscraper": "office-building", "tower": "tokyo-tower",
    "shop": "convenience-store", "store": "convenience-store", "mall": "department-store",
    "museum": "classical-building", "bank": "bank", "temple": "hindu-temple", "volcano": "volcano",
    "fountain": "fountain", "castle": "castle", "palace": "castle",
    # plants
    "tree": "deciduous-tree", "pine": "evergreen-tree", "fir": "evergreen-tree", "palm": "palm-tree",
    "flower": "tulip", "blossom": "cherry-blossom", "daisy": "blossom", "bouquet": "bouquet",
    "plant": "potted-plant", "houseplant": "potted-plant", "leaf": "leaf-fluttering-in-wind",
    "clover": "four-leaf-clover", "sprout": "seedling", "seed": "seedling",
    # sky and weather things
    "moon": "crescent-moon", "planet": "ringed-planet", "earth": "globe-showing-europe-africa",
    "globe": "globe-showing-americas", "world": "globe-showing-americas", "lightning": "high-voltage",
    "bolt": "high-voltage", "sparkle": "sparkles", "glitter": "sparkles", "wind": "wind-face",
    "comet": "comet", "wave": "water-wave",
    # objects
    "heart": "red-heart", "love": "red-heart", "gift": "wrapped-gift", "present": "wrapped-gift",
    "party": "party-popper", "confetti": "confetti-ball", "music": "musical-note", "note": "musical-note",
    "song": "musical-notes", "phone": "mobile-phone", "smartphone": "mobile-phone", "computer": "laptop",
    "pc": "desktop-computer", "monitor": "desktop-computer", "tv": "television", "book": "open-book",
    "notebook": "notebook", "money": "money-bag", "cash": "dollar-banknote", "dollar": "dollar-banknote",
    "euro": "euro-banknote", "medal": "1st-place-medal", "flame": "fire", "bonfire": "fire",
    "campfire": "fire", "magic": "magic-wand", "wand": "magic-wand", "pumpkin": "jack-o-lantern",
    "shoe": "running-shoe", "sneaker": "running-shoe", "boot": "hiking-boot", "hat": "top-hat",
    "cap": "billed-cap", "ball": "soccer-ball", "football": "soccer-ball", "soccer": "soccer-ball",
    "piano": "musical-keyboard", "clock": "alarm-clock", "lock": "locked", "padlock": "locked",
    "idea": "light-bulb", "bulb": "light-bulb", "lightbulb": "light-bulb", "lamp": "light-bulb",
    "mail": "envelope", "letter": "envelope", "email": "e-mail", "check": "check-mark-button",
    "checkmark": "check-mark-button", "tick": "check-mark-button", "cross": "cross-mark",
    "diamond": "gem-stone", "gem": "gem-stone", "jewel": "gem-stone", "crystal": "gem-stone",
    "paint": "artist-palette", "art": "artist-palette", "palette": "artist-palette", "brush": "paintbrush",
    "movie": "clapper-board", "film": "film-frames", "cinema": "clapper-board", "game": "video-game",
    "controller": "video-game", "gamepad": "video-game", "dice": "game-die", "die": "game-die",
    "bag": "shopping-bags", "shopping": "shopping-bags", "cart": "shopping-cart", "tag": "label",
    "box": "package", "parcel": "package", "package": "package", "crate": "package",
    "sofa": "couch-and-lamp", "couch": "couch-and-lamp", "armchair": "chair", "seat": "chair",
    "arrow": "right-arrow", "flag": "triangular-flag", "question": "red-question-mark",
    "exclamation": "red-exclamation-mark", "peace": "peace-symbol", "recycle": "recycling-symbol",
    "recycling": "recycling-symbol", "infinity": "infinity", "warning": "warning", "danger": "warning",
    "pin": "round-pushpin", "location": "round-pushpin", "magnifier": "magnifying-glass-tilted-left",
    "microphone": "microphone", "mic": "microphone",
    "headphones": "headphone", "speaker": "speaker-high-volume", "battery": "battery", "plug": "electric-plug",
    "gear": "gear", "cog": "gear", "tool": "hammer-and-wrench", "tools": "hammer-and-wrench",
    "calendar": "spiral-calendar", "telescope": "telescope", "microscope": "microscope", "rocket": "rocket",
    "shield": "shield",
    "sword": "dagger", "bomb": "bomb", "trophy": "trophy", "shell": "spiral-shell",
    "seashell": "spiral-shell", "tent": "tent", "robot": "robot", "alien": "alien", "ghost": "ghost",
    "skull": "skull", "crown": "crown", "ring": "ring", "bell": "bell", "candle": "candle",
    "tooth": "tooth", "brain": "brain", "dragon": "dragon", "pen": "pen", "pencil": "pencil",
    "popcorn": "popcorn", "umbrella": "umbrella", "rainbow": "rainbow", "balloon": "balloon",
    "kite": "kite", "snowman": "snowman", "snowflake": "snowflake", "cloud": "cloud", "sun": "sun",
    "star": "star", "map": "world-map", "backpack": "backpack", "suitcase": "luggage", "luggage": "luggage",
    "glasses": "glasses", "spectacles": "glasses", "teddy": "teddy-bear", "toy": "teddy-bear",
    "trumpet": "trumpet", "violin": "violin", "guitar": "guitar", "drum": "drum", "camera": "camera",
    "watch": "watch", "key": "key", "coin": "coin", "cookie": "cookie", "fire": "fire",
    }  # fmt: skip

#: Plurals the simple suffix rules miss, and plural icon names whose singular icon reads better for a
#: count ("three houses" → 3 × house, not 3 × the three-house icon).
IRREGULAR_PLURALS: dict[str, str] = {
    "mice": "mouse", "geese": "goose", "children": "child", "men": "man", "women": "woman",
    "people": "person", "persons": "person", "teeth": "tooth", "feet": "foot", "oxen": "ox",
    "cacti": "cactus", "fungi": "mushroom", "kids": "kid", "dice": "die", "ladies": "lady",
    "houses": "house", "books": "book", "knives": "knife", "leaves": "leaf", "loaves": "bread",
    "wolves": "wolf", "calves": "calf", "shelves": "shelf", "octopi": "octopus", "buses": "bus",
    "potatoes": "potato", "tomatoes": "tomato", "heroes": "hero", "volcanoes": "volcano",
    "benches": "bench", "boxes": "box", "foxes": "fox", "dishes": "dish", "glasses": "glasses",
}  # fmt: skip

#: Words that look plural but name one thing (or a pair) and are never reduced.
SINGULAR_ONLY: frozenset[str] = frozenset(
    {"glasses", "sunglasses", "scissors", "shorts", "jeans", "goggles", "gloves", "socks", "skis", "headphones",
     "pancakes", "chopsticks", "fries", "peanuts", "beans", "grapes", "blueberries", "cherries", "bubbles",
     "sparkles", "fireworks", "dango", "news", "series", "species", "bus", "cactus", "octopus", "lotus",
     "hippopotamus", "rhinoceros", "canvas", "compass", "dress", "glass", "chess", "tennis", "walrus",
     "platypus", "atlas", "christmas", "iris", "hummus", "asparagus", "citrus", "virus", "status", "bonus"}
)  # fmt: skip

#: Colour words that are also nouns ("an orange", "three peaches"): read as the noun when a
#: determiner or number comes right before and no noun follows.
#: Words that are a plural noun or a verb ("three flies" / "a rocket flies to the moon"): nouns only
#: right after a word that introduces a noun (an article, a number, a colour, a size, "of", "with").
VERB_OR_NOUN: frozenset[str] = frozenset(
    {"flies", "lands", "watches", "rings", "waves", "rocks", "bats", "leaves", "plants", "saws", "fans",
     "trains", "ships", "bears", "ducks", "kites", "seals", "cranes", "lights", "drinks", "bowls", "boxes"}
)  # fmt: skip

COLOR_NOUNS: frozenset[str] = frozenset({"orange", "peach", "lime", "rose", "olive", "coral", "cherry", "lemon"})

#: Rough real-world size of common illustrations, relative to a standing person (1.0). Used to size
#: things that share a scene (an elephant next to a mouse); kept in a narrow range so every
#: illustration stays readable. Unlisted icons are 0.8.
NATURAL_SIZE: dict[str, float] = {
    "mouse": 0.45, "hamster": 0.45, "honeybee": 0.4, "butterfly": 0.45, "ant": 0.4, "lady-beetle": 0.4,
    "bug": 0.4, "spider": 0.4, "snail": 0.4, "bird": 0.5, "chipmunk": 0.45, "hatching-chick": 0.4,
    "red-apple": 0.34, "green-apple": 0.34, "tangerine": 0.34, "lemon": 0.34, "strawberry": 0.32,
    "cherries": 0.32, "egg": 0.32, "cupcake": 0.34, "doughnut": 0.34, "cookie": 0.32, "candle": 0.34,
    "hot-beverage": 0.34, "teacup-without-handle": 0.32, "wine-glass": 0.34, "mobile-phone": 0.34,
    "key": 0.32, "coin": 0.32, "ring": 0.32, "light-bulb": 0.34, "pencil": 0.34, "pen": 0.34,
    "soccer-ball": 0.34, "basketball": 0.34, "baseball": 0.3, "tennis": 0.3, "balloon": 0.5, "kite": 0.6,
    "open-book": 0.4, "books": 0.45, "alarm-clock": 0.4, "camera": 0.4, "glasses": 0.3, "crown": 0.4,
    "cat": 0.6, "rabbit": 0.55, "dog": 0.7, "fox": 0.7, "duck": 0.55, "chicken": 0.6, "penguin": 0.65,
    "owl": 0.55, "frog": 0.45, "turtle": 0.55, "crab": 0.45, "birthday-cake": 0.6, "laptop": 0.6,
    "child": 0.7, "baby": 0.55, "boy": 0.75, "girl": 0.75, "potted-plant": 0.65, "tulip": 0.55,
    "sunflower": 0.7, "rose": 0.5, "chair": 0.8, "package": 0.6, "wrapped-gift": 0.55,
    "person-standing": 1.0, "man-standing": 1.0, "woman-standing": 1.0,
    "horse": 1.25, "cow": 1.2, "deer": 1.1, "lion": 1.05, "tiger": 1.1, "bear": 1.15, "gorilla": 1.1,
    "automobile": 1.2, "taxi": 1.2, "police-car": 1.2, "sport-utility-vehicle": 1.25, "racing-car": 1.2,
    "bus": 1.45, "delivery-truck": 1.4, "fire-engine": 1.45, "ambulance": 1.35, "tractor": 1.3,
    "locomotive": 1.45, "sailboat": 1.3, "ship": 1.5, "airplane": 1.3, "helicopter": 1.25,
    "elephant": 1.5, "giraffe": 1.5, "rhinoceros": 1.35, "hippopotamus": 1.35, "camel": 1.35,
    "two-hump-camel": 1.35, "whale": 1.5, "spouting-whale": 1.5, "t-rex": 1.5, "sauropod": 1.5,
    "dragon": 1.45, "house": 1.5, "house-with-garden": 1.5, "hut": 1.35, "castle": 1.5,
    "office-building": 1.5, "school": 1.5, "hospital": 1.5, "church": 1.5, "deciduous-tree": 1.5,
    "evergreen-tree": 1.5, "palm-tree": 1.5, "christmas-tree": 1.4, "tent": 1.25, "rocket": 1.3,
    "snowman": 1.0, "couch-and-lamp": 1.25, "bed": 1.25, "mountain": 1.5, "snow-capped-mountain": 1.5,
}  # fmt: skip

#: Nouns drawn as vector props rather than illustrations (the icon set has no plain table or sign):
#: word → prop kind (see :mod:`~openbanana.generators.compose.props`).
PROPS: dict[str, str] = {
    "table": "table", "desk": "table", "counter": "table", "bench": "bench",
    "sign": "sign", "signs": "sign", "signboard": "sign", "placard": "sign", "board": "sign",
    "chalkboard": "chalkboard", "blackboard": "chalkboard", "whiteboard": "sign", "plaque": "sign",
    "shelf": "shelf", "shelves": "shelf", "tables": "table", "desks": "table", "benches": "bench",
}  # fmt: skip

#: Things another thing can sit *under* (inside their lower part) rather than below.
SHELTERS: frozenset[str] = frozenset(
    {"table", "bench", "shelf", "umbrella", "deciduous-tree", "evergreen-tree", "palm-tree", "christmas-tree",
     "umbrella-on-ground", "beach-with-umbrella", "tent", "bridge-at-night", "rainbow", "cloud"}
)  # fmt: skip


#: Containers seen from above (their opening is drawn): what is *in* them sits in front, in the opening.
#: Other containers (a box) hide the lower part of what is in them.
OPEN_CONTAINERS: frozenset[str] = frozenset(
    {"bowl-with-spoon", "basket", "steaming-bowl", "pot-of-food", "shallow-pan-of-food", "nest-with-eggs", "empty-nest",
     "shopping-cart", "bucket", "wastebasket", "bento-box", "takeout-box"}
)  # fmt: skip


def singular_forms(word: str) -> list[str]:
    """Plausible singular forms of ``word`` first (puppies → puppy, boxes → box, mice → mouse), then
    ``word`` itself; words in :data:`SINGULAR_ONLY` are returned unchanged."""
    if word in SINGULAR_ONLY:
        return [word]
    forms: list[str] = []
    if word in IRREGULAR_PLURALS:
        forms.append(IRREGULAR_PLURALS[word])
    if len(word) > 3 and word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if len(word) > 3 and word.endswith("ves"):
        forms += [word[:-3] + "f", word[:-3] + "fe"]
    if len(word) > 3 and word.endswith(("ches", "shes", "xes", "ses", "zes", "oes")):
        forms.append(word[:-2])
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms.append(word[:-1])
    forms.append(word)
    return list(dict.fromkeys(forms))
