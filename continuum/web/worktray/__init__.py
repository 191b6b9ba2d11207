"""Work trays in the browser: "My work", the team view and the conferences and reviews due."""
